<?php
/**
 * The plugin's settings: the proxy's address, the default clinic, the default look and
 * which build of the widget script to load. Stored in one option, per site (on multisite,
 * each site has its own).
 *
 * @package ClinicBooking
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads, validates and stores the settings.
 */
final class Clinic_Booking_Settings {

	/** The option that holds the settings. */
	const OPTION = 'clinic_booking_settings';

	/** The clinic id pattern the proxy's clinics file uses. */
	const CLINIC_ID_PATTERN = '/^[a-z0-9][a-z0-9-]{0,62}$/';

	/** A category, service, practitioner or practice id: the practice systems' string ids. */
	const ITEM_ID_PATTERN = '/^[A-Za-z0-9_.:-]{1,100}$/';

	/** The widget's looks, plus '' for "no theme attribute" (the page's own font and text colour). */
	const THEMES = array( 'auto', 'light', 'dark', '' );

	/** The widget builds the proxy serves. */
	const BUILDS = array( 'module', 'classic' );

	/**
	 * The settings a new site starts with.
	 *
	 * @return array{proxy_url: string, default_clinic: string, default_theme: string, build: string}
	 */
	public static function defaults() {
		return array(
			'proxy_url'      => '',
			'default_clinic' => '',
			'default_theme'  => 'auto',
			'build'          => 'module',
		);
	}

	/**
	 * The current settings, with defaults for anything missing.
	 *
	 * @return array{proxy_url: string, default_clinic: string, default_theme: string, build: string}
	 */
	public static function get() {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? array_intersect_key( $stored, self::defaults() ) : array() );
	}

	/**
	 * Normalises a proxy address: scheme and host (and an optional path prefix), no query,
	 * no trailing slash. Returns '' for anything that is not an http(s) URL.
	 *
	 * @param string $value What the user typed.
	 * @return string
	 */
	public static function normalise_proxy_url( $value ) {
		$value = trim( (string) $value );
		$parts = wp_parse_url( $value );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) || empty( $parts['scheme'] ) ) {
			return '';
		}
		$scheme = strtolower( $parts['scheme'] );
		if ( 'https' !== $scheme && 'http' !== $scheme ) {
			return '';
		}
		if ( isset( $parts['query'] ) || isset( $parts['fragment'] ) || isset( $parts['user'] ) ) {
			return '';
		}
		$url  = $scheme . '://' . strtolower( $parts['host'] ) . ( isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '' );
		$path = isset( $parts['path'] ) ? preg_replace( '#/widget(\.iife)?\.js$#', '', $parts['path'] ) : '';
		return esc_url_raw( $url . rtrim( $path, '/' ), array( 'http', 'https' ) );
	}

	/**
	 * Whether a string is a clinic id the proxy could know.
	 *
	 * @param string $value A clinic id.
	 * @return bool
	 */
	public static function is_clinic_id( $value ) {
		return is_string( $value ) && 1 === preg_match( self::CLINIC_ID_PATTERN, $value );
	}

	/**
	 * Validates the settings form. A value that does not validate keeps the one stored
	 * before, and the page says why.
	 *
	 * @param mixed $input The submitted values.
	 * @return array
	 */
	public static function sanitize( $input ) {
		$current = self::get();
		$input   = is_array( $input ) ? wp_unslash( $input ) : array();
		$clean   = $current;

		$proxy_input = isset( $input['proxy_url'] ) ? trim( (string) $input['proxy_url'] ) : '';
		$proxy_url   = self::normalise_proxy_url( $proxy_input );
		if ( '' === $proxy_input || '' !== $proxy_url ) {
			$clean['proxy_url'] = $proxy_url;
		} else {
			add_settings_error(
				self::OPTION,
				'proxy_url',
				__( 'The proxy URL must be an address such as https://book.example.com.au (no query string). It was not changed.', 'clinic-booking' )
			);
		}

		$clinic = isset( $input['default_clinic'] ) ? strtolower( trim( (string) $input['default_clinic'] ) ) : '';
		if ( '' === $clinic || self::is_clinic_id( $clinic ) ) {
			$clean['default_clinic'] = $clinic;
		} else {
			add_settings_error(
				self::OPTION,
				'default_clinic',
				__( 'A clinic id has only lower-case letters, digits and dashes, as in the proxy’s clinics file. It was not changed.', 'clinic-booking' )
			);
		}

		$theme = isset( $input['default_theme'] ) ? (string) $input['default_theme'] : 'auto';
		if ( in_array( $theme, self::THEMES, true ) ) {
			$clean['default_theme'] = $theme;
		}

		$build = isset( $input['build'] ) ? (string) $input['build'] : 'module';
		if ( in_array( $build, self::BUILDS, true ) ) {
			$clean['build'] = $build;
		}

		return $clean;
	}
}
