<?php
/**
 * Keeps optimisation plugins away from the widget's script. Combining it with other
 * files, delaying it until the first click, minifying it again or copying it to this
 * site all break it: the module build imports its later steps relative to its own URL,
 * and a script moved off the proxy loses its version and its cache.
 *
 * Each name below was checked in the plugin's own source code or documentation:
 *
 * - WP Rocket: `nowprocket` (in its own Delay JavaScript exclusion list), `data-no-minify`
 *   (skipped by minify and combine), filters `rocket_delay_js_exclusions`,
 *   `rocket_exclude_defer_js`, `rocket_exclude_js`, `rocket_minify_excluded_external_js`.
 * - LiteSpeed Cache: `data-no-optimize="1"` (skipped by every JS optimisation),
 *   `data-no-defer` (not deferred or delayed), filters `litespeed_optimize_js_excludes`,
 *   `litespeed_optm_js_defer_exc`, `litespeed_optm_gm_js_exc`. It also leaves any
 *   `type` other than text/javascript, such as `module`, alone.
 * - Autoptimize: `data-noptimize` (never aggregated), filter `autoptimize_filter_js_exclude`
 *   (a comma-separated string, or an array of pattern => flags). It aggregates no `module`.
 * - Jetpack Boost: `data-jetpack-boost="ignore"` (not moved by Defer Non-Essential
 *   JavaScript), filters `jetpack_boost_render_blocking_js_exclude_handles` and
 *   `js_do_concat`. It concatenates neither external nor module scripts anyway.
 * - Cloudflare Rocket Loader: `data-cfasync="false"`, placed before `src`.
 * - PageSpeed (mod_pagespeed): `data-pagespeed-no-defer`.
 *
 * Not confirmed in their own documentation, only in other plugins' code: SiteGround Speed
 * Optimizer's `sgo_js_minify_exclude`, `sgo_javascript_combine_exclude`, `sgo_js_async_exclude`
 * and `sgo_javascript_combine_excluded_external_paths`. They are hooked all the same: a filter
 * nobody applies costs nothing. Others (Perfmatters, WP Fastest Cache, W3 Total Cache,
 * NitroPack, FlyingPress) need the script's URL in their exclusion settings: see
 * docs/wordpress.md.
 *
 * @package ClinicBooking
 */

defined( 'ABSPATH' ) || exit;

/**
 * Opt-out attributes for the script tag and exclusion filters for the plugins above.
 */
final class Clinic_Booking_Optimizers {

	/** Written on the script tag (after `data-cfasync`, before `src`). */
	const OPT_OUT_ATTRIBUTES = 'data-no-optimize="1" data-no-defer="1" data-no-minify="1" data-noptimize="1" data-jetpack-boost="ignore" data-pagespeed-no-defer nowprocket';

	/**
	 * Hooks the exclusion filters.
	 */
	public static function register() {
		$by_pattern = array( __CLASS__, 'add_script_pattern' );
		$by_handle  = array( __CLASS__, 'add_handle' );
		$by_text    = array( __CLASS__, 'add_script_text' );

		// WP Rocket: regular expressions, matched against the tag, the URL or its path.
		add_filter( 'rocket_delay_js_exclusions', $by_pattern );
		add_filter( 'rocket_exclude_defer_js', $by_pattern );
		add_filter( 'rocket_minify_excluded_external_js', array( __CLASS__, 'add_proxy_host' ) );
		add_filter( 'rocket_exclude_js', array( __CLASS__, 'add_script_path' ) );

		// LiteSpeed Cache: plain substrings of the URL.
		add_filter( 'litespeed_optimize_js_excludes', $by_text );
		add_filter( 'litespeed_optm_js_defer_exc', $by_text );
		add_filter( 'litespeed_optm_gm_js_exc', $by_text );

		// Autoptimize.
		add_filter( 'autoptimize_filter_js_exclude', array( __CLASS__, 'autoptimize_exclude' ) );

		// Jetpack Boost.
		add_filter( 'jetpack_boost_render_blocking_js_exclude_handles', $by_handle );
		add_filter( 'js_do_concat', array( __CLASS__, 'jetpack_do_concat' ), 10, 2 );

		// SiteGround Speed Optimizer (not confirmed in its own documentation; see above).
		add_filter( 'sgo_js_minify_exclude', $by_handle );
		add_filter( 'sgo_javascript_combine_exclude', $by_handle );
		add_filter( 'sgo_js_async_exclude', $by_handle );
		add_filter( 'sgo_javascript_combine_excluded_external_paths', array( __CLASS__, 'add_proxy_host' ) );
	}

	/**
	 * The proxy's address without the scheme, e.g. `book.example.com.au` (or with its path
	 * prefix); '' when the plugin is not set up.
	 *
	 * @return string
	 */
	private static function proxy_text() {
		$settings = Clinic_Booking_Settings::get();
		return (string) preg_replace( '#^https?://#', '', $settings['proxy_url'] );
	}

	/**
	 * Adds the widget's files on the proxy as plain text (`book.example.com.au/widget`).
	 *
	 * @param mixed $list The plugin's list.
	 * @return array
	 */
	public static function add_script_text( $list ) {
		$list = self::as_list( $list );
		if ( '' !== self::proxy_text() ) {
			$list[] = self::proxy_text() . '/widget';
		}
		return $list;
	}

	/**
	 * Adds the widget's files on the proxy as a regular expression.
	 *
	 * @param mixed $list The plugin's list.
	 * @return array
	 */
	public static function add_script_pattern( $list ) {
		$list = self::as_list( $list );
		if ( '' !== self::proxy_text() ) {
			$list[] = preg_quote( self::proxy_text(), '#' ) . '/widget';
		}
		return $list;
	}

	/**
	 * Adds the proxy's host (a plain pattern of external URLs not to combine).
	 *
	 * @param mixed $list The plugin's list.
	 * @return array
	 */
	public static function add_proxy_host( $list ) {
		$list     = self::as_list( $list );
		$settings = Clinic_Booking_Settings::get();
		$host     = (string) wp_parse_url( $settings['proxy_url'], PHP_URL_HOST );
		if ( '' !== $host ) {
			$list[] = $host;
		}
		return $list;
	}

	/**
	 * Adds the path of the widget's files (WP Rocket matches exclusions against the path).
	 *
	 * @param mixed $list The plugin's list.
	 * @return array
	 */
	public static function add_script_path( $list ) {
		$list     = self::as_list( $list );
		$settings = Clinic_Booking_Settings::get();
		if ( '' !== $settings['proxy_url'] ) {
			$path   = (string) wp_parse_url( $settings['proxy_url'], PHP_URL_PATH );
			$list[] = preg_quote( $path, '#' ) . '/widget(-[\w-]+|\.iife)?\.js';
		}
		return $list;
	}

	/**
	 * Adds the script's handle.
	 *
	 * @param mixed $list The plugin's list of handles.
	 * @return array
	 */
	public static function add_handle( $list ) {
		$list   = self::as_list( $list );
		$list[] = Clinic_Booking_Embed::HANDLE;
		return $list;
	}

	/**
	 * Autoptimize's exclusions: a comma-separated string, or an array of pattern => flags.
	 *
	 * @param mixed $exclude Its exclusions.
	 * @return string|array
	 */
	public static function autoptimize_exclude( $exclude ) {
		$text = self::proxy_text();
		if ( '' === $text ) {
			return $exclude;
		}
		if ( is_array( $exclude ) ) {
			$exclude[ $text . '/widget' ] = '';
			return $exclude;
		}
		$exclude = trim( (string) $exclude );
		return ( '' === $exclude ? '' : $exclude . ', ' ) . $text . '/widget';
	}

	/**
	 * Jetpack Boost: never concatenate the widget's script.
	 *
	 * @param bool   $do_concat Whether to concatenate the script.
	 * @param string $handle    The script's handle.
	 * @return bool
	 */
	public static function jetpack_do_concat( $do_concat, $handle ) {
		return Clinic_Booking_Embed::HANDLE === $handle ? false : $do_concat;
	}

	/**
	 * A filter's value as an array (some plugins pass a string, or nothing).
	 *
	 * @param mixed $list The value.
	 * @return array
	 */
	private static function as_list( $list ) {
		if ( is_array( $list ) ) {
			return $list;
		}
		return is_string( $list ) && '' !== $list ? array( $list ) : array();
	}
}
