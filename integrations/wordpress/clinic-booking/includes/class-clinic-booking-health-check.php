<?php
/**
 * The settings page's connection check: asks the proxy, from this server, what a
 * patient's browser on this site would ask, and says in plain words what is wrong.
 *
 * - Is the proxy there at all (`/healthz`), and is the widget script served?
 * - Does the proxy know the clinic (its public profile)?
 * - Does the clinic allow this site's origin, and its www or bare twin? The proxy answers
 *   the profile with `Access-Control-Allow-Origin` only for origins in the clinic's
 *   `allowedOrigins`; a browser refuses the answer otherwise.
 *
 * @package ClinicBooking
 */

defined( 'ABSPATH' ) || exit;

/**
 * Runs the checks and returns findings to show.
 */
final class Clinic_Booking_Health_Check {

	const OK      = 'ok';
	const WARNING = 'warning';
	const PROBLEM = 'problem';

	/**
	 * The origins the site may be reached on: its own, then its www or bare twin (none for
	 * an IP address or a single-label host such as localhost).
	 *
	 * @param string $origin The site's origin, e.g. https://www.example.com.au.
	 * @return string[]
	 */
	public static function origins_of( $origin ) {
		$parts = wp_parse_url( $origin );
		$host  = isset( $parts['host'] ) ? $parts['host'] : '';
		$port  = isset( $parts['port'] ) ? ':' . $parts['port'] : '';
		if ( '' === $host || filter_var( $host, FILTER_VALIDATE_IP ) || false === strpos( $host, '.' ) ) {
			return array( $origin );
		}
		$twin = 0 === strpos( $host, 'www.' ) ? substr( $host, 4 ) : 'www.' . $host;
		return array( $origin, $parts['scheme'] . '://' . $twin . $port );
	}

	/**
	 * Runs every check.
	 *
	 * @param array  $settings The plugin's settings.
	 * @param string $origin   The site's origin.
	 * @return array<int, array{status: string, title: string, detail: string, code: string}>
	 */
	public static function run( array $settings, $origin ) {
		$findings = array();
		$proxy    = $settings['proxy_url'];
		$clinic   = $settings['default_clinic'];
		if ( '' === $proxy ) {
			return array(
				self::finding(
					self::PROBLEM,
					__( 'No proxy URL yet', 'clinic-booking' ),
					__( 'Enter the address of your booking proxy above: the address its widget.js is loaded from, such as https://book.example.com.au.', 'clinic-booking' )
				),
			);
		}
		$client = new Clinic_Booking_Proxy_Client( $proxy );

		$health = $client->get( '/healthz' );
		if ( is_wp_error( $health ) ) {
			return array(
				self::finding(
					self::PROBLEM,
					__( 'The proxy cannot be reached', 'clinic-booking' ),
					/* translators: 1: the proxy URL, 2: the error WordPress got. */
					sprintf( __( 'WordPress could not connect to %1$s (%2$s). Check the proxy URL for typing mistakes, and that the proxy is running.', 'clinic-booking' ), $proxy, $health->get_error_message() )
				),
			);
		}
		$health_body = Clinic_Booking_Proxy_Client::json( $health );
		if ( 200 !== wp_remote_retrieve_response_code( $health ) || empty( $health_body['ok'] ) ) {
			return array(
				self::finding(
					self::PROBLEM,
					__( 'This address is not a booking proxy', 'clinic-booking' ),
					/* translators: 1: the proxy URL, 2: an HTTP status code. */
					sprintf( __( '%1$s answered, but not as a booking proxy does (HTTP %2$s for its health check). Check the proxy URL: it is the address the widget script is loaded from, without /widget.js.', 'clinic-booking' ), $proxy, wp_remote_retrieve_response_code( $health ) )
				),
			);
		}
		$findings[] = self::widget_script_finding( $client, $settings['build'] );

		if ( '' === $clinic ) {
			$findings[] = self::finding(
				self::WARNING,
				__( 'No default clinic', 'clinic-booking' ),
				__( 'Every booking form then needs its own clinic id (clinic="…" in the shortcode, or the block’s Clinic setting). Enter the clinic id from the proxy’s clinics file above to use one everywhere.', 'clinic-booking' )
			);
			return $findings;
		}

		$origins  = self::origins_of( $origin );
		$profiles = array();
		foreach ( $origins as $candidate ) {
			$profiles[ $candidate ] = $client->clinic_profile( $clinic, $candidate );
		}
		$first = $profiles[ $origins[0] ];
		$body  = Clinic_Booking_Proxy_Client::json( $first );
		$code  = is_wp_error( $first ) ? 0 : wp_remote_retrieve_response_code( $first );
		if ( 404 === $code && isset( $body['error']['code'] ) && 'clinic_not_found' === $body['error']['code'] ) {
			$findings[] = self::finding(
				self::PROBLEM,
				__( 'The proxy does not know this clinic', 'clinic-booking' ),
				/* translators: %s: a clinic id. */
				sprintf( __( 'There is no clinic “%s” in the proxy’s clinics file. Check the default clinic above: it is the clinic’s id there, in lower case.', 'clinic-booking' ), $clinic )
			);
			return $findings;
		}
		if ( 200 !== $code || ! isset( $body['clinic'] ) || ! is_array( $body['clinic'] ) ) {
			$findings[] = self::finding(
				self::PROBLEM,
				__( 'The clinic’s details could not be read', 'clinic-booking' ),
				/* translators: %s: an HTTP status code, or 0 when nothing answered. */
				sprintf( __( 'The proxy answered HTTP %s for the clinic. Try again in a minute; if it lasts, ask whoever runs the proxy to look at its log.', 'clinic-booking' ), $code )
			);
			return $findings;
		}

		$profile = $body['clinic'];
		$client->remember_phone( $clinic, $profile );
		$phone      = isset( $profile['contact']['phone'] ) ? (string) $profile['contact']['phone'] : '';
		$findings[] = self::finding(
			self::OK,
			/* translators: 1: the clinic's name, 2: its time zone. */
			sprintf( __( 'Clinic found: %1$s (%2$s)', 'clinic-booking' ), isset( $profile['name'] ) ? $profile['name'] : $clinic, isset( $profile['timezone'] ) ? $profile['timezone'] : '' ),
			'' !== $phone
				/* translators: %s: a phone number. */
				? sprintf( __( 'While the form loads, and if it cannot, patients are offered the clinic’s phone: %s.', 'clinic-booking' ), $phone )
				: __( 'The clinic has no phone number in the proxy’s clinics file (contact.phone), so the fallback text cannot offer one.', 'clinic-booking' )
		);

		$missing = array();
		foreach ( $origins as $index => $candidate ) {
			$allowed = wp_remote_retrieve_header( $profiles[ $candidate ], 'access-control-allow-origin' );
			if ( $allowed === $candidate ) {
				$findings[] = self::finding(
					self::OK,
					/* translators: %s: an origin such as https://www.example.com.au. */
					sprintf( __( 'Patients on %s can book', 'clinic-booking' ), $candidate ),
					__( 'The clinic’s allowedOrigins lists this address.', 'clinic-booking' )
				);
				continue;
			}
			$missing[]  = $candidate;
			$findings[] = 0 === $index
				? self::finding(
					self::PROBLEM,
					/* translators: %s: an origin. */
					sprintf( __( 'The proxy does not allow this site (%s)', 'clinic-booking' ), $candidate ),
					/* translators: 1: an origin, 2: a clinic id. */
					sprintf( __( 'Patients here will see “This booking form is not set up for this website yet.” Ask whoever runs the proxy to add %1$s to allowedOrigins for the clinic “%2$s” (the lines to add are below).', 'clinic-booking' ), $candidate, $clinic )
				)
				: self::finding(
					self::WARNING,
					/* translators: %s: an origin. */
					sprintf( __( 'Not allowed: %s', 'clinic-booking' ), $candidate ),
					/* translators: %s: an origin. */
					sprintf( __( 'This only matters if visitors can open the site at %s without being redirected; to be safe, add it to allowedOrigins too.', 'clinic-booking' ), $candidate )
				);
		}
		if ( $missing ) {
			$findings[] = self::finding(
				self::WARNING,
				__( 'What to add to the proxy’s clinics file', 'clinic-booking' ),
				__( 'In the clinic’s entry (with a staging copy of the site’s address too, if it has one):', 'clinic-booking' ),
				'"allowedOrigins": ' . wp_json_encode( $origins, JSON_UNESCAPED_SLASHES )
			);
		}
		return $findings;
	}

	/**
	 * Whether the proxy serves the widget script the site loads.
	 *
	 * @param Clinic_Booking_Proxy_Client $client The proxy client.
	 * @param string                      $build  `module` or `classic`.
	 * @return array
	 */
	private static function widget_script_finding( $client, $build ) {
		$file     = 'classic' === $build ? '/widget.iife.js' : '/widget.js';
		$response = $client->get( $file, array( 'Accept' => '*/*' ) );
		$type     = is_wp_error( $response ) ? '' : (string) wp_remote_retrieve_header( $response, 'content-type' );
		if ( is_wp_error( $response ) || 200 !== wp_remote_retrieve_response_code( $response ) || false === strpos( $type, 'javascript' ) ) {
			return self::finding(
				self::PROBLEM,
				__( 'The widget script is missing', 'clinic-booking' ),
				/* translators: %s: a file name. */
				sprintf( __( 'The proxy does not serve %s, so no booking form can appear. Whoever runs the proxy needs to build the widget (npm run build) and restart it.', 'clinic-booking' ), $file )
			);
		}
		$version = (string) wp_remote_retrieve_header( $response, 'x-widget-version' );
		return self::finding(
			self::OK,
			__( 'The proxy is up and serves the widget', 'clinic-booking' ),
			'' !== $version
				/* translators: %s: a version number. */
				? sprintf( __( 'Widget release %s.', 'clinic-booking' ), $version )
				: __( 'The widget script loads.', 'clinic-booking' )
		);
	}

	/**
	 * One finding.
	 *
	 * @param string $status OK, WARNING or PROBLEM.
	 * @param string $title  What was found, in a few words.
	 * @param string $detail What it means and what to do.
	 * @param string $code   Text to copy as it is (a line of the clinics file), or ''.
	 * @return array{status: string, title: string, detail: string, code: string}
	 */
	private static function finding( $status, $title, $detail, $code = '' ) {
		return array(
			'status' => $status,
			'title'  => $title,
			'detail' => $detail,
			'code'   => $code,
		);
	}
}
