<?php
/**
 * Calls the booking proxy from the server: its health check, a clinic's public profile
 * (as a browser on a given origin would ask for it) and the widget script. Also keeps
 * each clinic's phone number for the fallback text, refreshed twice a day.
 *
 * @package ClinicBooking
 */

defined( 'ABSPATH' ) || exit;

/**
 * A small client for the proxy's public, read-only routes.
 */
final class Clinic_Booking_Proxy_Client {

	/** The option that keeps the last phone number seen for each clinic. */
	const PHONES_OPTION = 'clinic_booking_phones';

	/** The proxy's address, e.g. https://book.example.com.au. */
	private $proxy_url;

	/**
	 * Constructor.
	 *
	 * @param string $proxy_url The proxy's address, as stored in the settings.
	 */
	public function __construct( $proxy_url ) {
		$this->proxy_url = untrailingslashit( (string) $proxy_url );
	}

	/**
	 * GET a path on the proxy.
	 *
	 * @param string $path    The path, starting with a slash.
	 * @param array  $headers Request headers.
	 * @param int    $timeout Seconds to wait.
	 * @return array|WP_Error The response, as wp_remote_get() gives it.
	 */
	public function get( $path, array $headers = array(), $timeout = 5 ) {
		return wp_remote_get(
			$this->proxy_url . $path,
			array(
				'timeout'     => $timeout,
				'redirection' => 0,
				'headers'     => array_merge( array( 'Accept' => 'application/json' ), $headers ),
			)
		);
	}

	/**
	 * A clinic's public profile, asked for as a page on `$origin` would.
	 *
	 * @param string $clinic  The clinic's id.
	 * @param string $origin  The origin to send, e.g. https://www.example.com.au.
	 * @param int    $timeout Seconds to wait.
	 * @return array|WP_Error The response.
	 */
	public function clinic_profile( $clinic, $origin, $timeout = 5 ) {
		return $this->get( '/api/clinics/' . rawurlencode( $clinic ), array( 'Origin' => $origin ), $timeout );
	}

	/**
	 * The JSON body of a response, or null when it is not JSON.
	 *
	 * @param array|WP_Error $response A response.
	 * @return array|null
	 */
	public static function json( $response ) {
		if ( is_wp_error( $response ) ) {
			return null;
		}
		$body = json_decode( wp_remote_retrieve_body( $response ), true );
		return is_array( $body ) ? $body : null;
	}

	/**
	 * The site's own origin (scheme, host and port of the home URL).
	 *
	 * @return string
	 */
	public static function site_origin() {
		$parts = wp_parse_url( home_url() );
		$port  = isset( $parts['port'] ) ? ':' . $parts['port'] : '';
		return strtolower( $parts['scheme'] . '://' . $parts['host'] ) . $port;
	}

	/**
	 * The clinic's phone number for the fallback text: kept from the last profile the
	 * proxy gave, asked for again at most twice a day (and, after a failure, not for ten
	 * minutes), so a page view rarely waits for the proxy, and never long.
	 *
	 * @param string $clinic The clinic's id.
	 * @return string The phone number, or '' when none is known.
	 */
	public function phone( $clinic ) {
		if ( false === get_transient( $this->freshness_key( $clinic ) ) ) {
			$profile = self::json( $this->clinic_profile( $clinic, self::site_origin(), 2 ) );
			if ( isset( $profile['clinic'] ) && is_array( $profile['clinic'] ) ) {
				$this->remember_phone( $clinic, $profile['clinic'] );
			} else {
				set_transient( $this->freshness_key( $clinic ), 'failed', 10 * MINUTE_IN_SECONDS );
			}
		}
		$phones = get_option( self::PHONES_OPTION, array() );
		return is_array( $phones ) && isset( $phones[ $clinic ] ) ? (string) $phones[ $clinic ] : '';
	}

	/**
	 * Keeps a clinic's phone number from its profile, fresh for twelve hours.
	 *
	 * @param string $clinic  The clinic's id.
	 * @param array  $profile The `clinic` object of the proxy's profile answer.
	 */
	public function remember_phone( $clinic, array $profile ) {
		$phones            = get_option( self::PHONES_OPTION, array() );
		$phones            = is_array( $phones ) ? $phones : array();
		$phone             = isset( $profile['contact']['phone'] ) ? (string) $profile['contact']['phone'] : '';
		$phones[ $clinic ] = sanitize_text_field( $phone );
		update_option( self::PHONES_OPTION, $phones, false );
		set_transient( $this->freshness_key( $clinic ), 'fresh', 12 * HOUR_IN_SECONDS );
	}

	/**
	 * The transient that says a clinic's phone was asked for recently, per proxy.
	 *
	 * @param string $clinic The clinic's id.
	 * @return string
	 */
	private function freshness_key( $clinic ) {
		return 'clinic_booking_phone_' . md5( $this->proxy_url . '|' . $clinic );
	}
}
