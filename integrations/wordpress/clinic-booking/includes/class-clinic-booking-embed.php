<?php
/**
 * The booking form on the site's pages: the `[clinic_booking]` shortcode, the
 * `clinic-booking/booking` block, and `<clinic-booking>` written by hand in a Custom HTML
 * block. Each writes the element with `api` spelled out, the site's default clinic and
 * look unless it names others, and fallback text with the clinic's phone inside it; and
 * each enqueues the widget script, in the footer, on that page only.
 *
 * None of them stores a script in the post, so they work for every role that can edit
 * posts: KSES lets `<clinic-booking>` through with its own attributes and nothing else.
 *
 * @package ClinicBooking
 */

defined( 'ABSPATH' ) || exit;

/**
 * Renders the element and loads its script.
 */
final class Clinic_Booking_Embed {

	/** The script's handle. */
	const HANDLE = 'clinic-booking';

	/** The element's attributes that a block or shortcode may set, besides `api`. */
	const ATTRIBUTES = array( 'clinic', 'practice', 'location', 'theme', 'category', 'service', 'practitioner', 'utm-source', 'utm-medium', 'utm-campaign', 'utm-term', 'utm-content', 'no-data-layer' );

	/** The campaign attributes: free text the widget sends with the booking (at most 200 characters each). */
	const CAMPAIGN_ATTRIBUTES = array( 'utm-source', 'utm-medium', 'utm-campaign', 'utm-term', 'utm-content' );

	/**
	 * Hooks the shortcode, the block, KSES and the script.
	 */
	public static function register() {
		add_action( 'init', array( __CLASS__, 'register_script' ) );
		add_action( 'init', array( __CLASS__, 'register_block' ) );
		add_shortcode( 'clinic_booking', array( __CLASS__, 'shortcode' ) );
		add_filter( 'wp_kses_allowed_html', array( __CLASS__, 'allow_element' ), 10, 2 );
		add_filter( 'script_loader_tag', array( __CLASS__, 'script_tag' ), 10, 3 );
		// After blocks (9) and shortcodes (11), so only hand-written elements are left to complete.
		add_filter( 'the_content', array( __CLASS__, 'complete_hand_written' ), 12 );
		add_filter( 'widget_text_content', array( __CLASS__, 'complete_hand_written' ), 12 );
		add_filter( 'widget_custom_html_content', array( __CLASS__, 'complete_hand_written' ), 12 );
	}

	/**
	 * Registers the widget script from the proxy, for the footer. No `ver` query: the
	 * proxy revalidates `widget.js` itself (ETag, five-minute cache).
	 */
	public static function register_script() {
		$settings = Clinic_Booking_Settings::get();
		if ( '' === $settings['proxy_url'] ) {
			return;
		}
		$file = 'classic' === $settings['build'] ? '/widget.iife.js' : '/widget.js';
		wp_register_script( self::HANDLE, $settings['proxy_url'] . $file, array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- the proxy versions its own file.
	}

	/**
	 * Registers the dynamic block from its block.json.
	 */
	public static function register_block() {
		register_block_type(
			CLINIC_BOOKING_DIR . '/blocks/booking',
			array( 'render_callback' => array( __CLASS__, 'render_block' ) )
		);
		$settings = Clinic_Booking_Settings::get();
		$handle   = generate_block_asset_handle( 'clinic-booking/booking', 'editorScript' );
		wp_add_inline_script(
			$handle,
			'window.clinicBookingEditor = ' . wp_json_encode(
				array(
					'defaultClinic' => $settings['default_clinic'],
					'defaultTheme'  => $settings['default_theme'],
					'configured'    => '' !== $settings['proxy_url'],
				)
			) . ';',
			'before'
		);
	}

	/**
	 * `[clinic_booking clinic="…" practice="…" location="…" theme="…" category="…" service="…"
	 * practitioner="…" utm-source="…" utm-campaign="…" no-data-layer="yes"]`.
	 *
	 * @param array|string $atts The shortcode's attributes.
	 * @return string
	 */
	public static function shortcode( $atts ) {
		$atts = shortcode_atts( array_fill_keys( self::ATTRIBUTES, '' ), is_array( $atts ) ? $atts : array(), 'clinic_booking' );
		return self::render( $atts );
	}

	/**
	 * The block's front end: the element inside the block's wrapper (alignment, classes).
	 *
	 * @param array $attributes The block's attributes.
	 * @return string
	 */
	public static function render_block( $attributes ) {
		$markup = self::render( is_array( $attributes ) ? $attributes : array() );
		return '' === $markup ? '' : sprintf( '<div %s>%s</div>', get_block_wrapper_attributes(), $markup );
	}

	/**
	 * The element for these attributes, and the script enqueued. Values that are not ids
	 * are dropped, so a typo gives the default rather than a broken form.
	 *
	 * @param array $atts Any of ATTRIBUTES.
	 * @return string The HTML, or a notice for editors when the plugin is not set up.
	 */
	public static function render( array $atts ) {
		$settings = Clinic_Booking_Settings::get();
		$values   = self::attributes_for( $atts, $settings );
		if ( '' === $settings['proxy_url'] || ( ! isset( $values['clinic'] ) && ! isset( $values['practice'] ) ) ) {
			return self::setup_notice( $settings );
		}
		wp_enqueue_script( self::HANDLE );
		$html = '<clinic-booking';
		foreach ( $values as $name => $value ) {
			$html .= sprintf( ' %s="%s"', $name, esc_attr( $value ) );
		}
		// A practice's phone is its chosen location's; without one, the fallback names no number.
		$phone_of = isset( $values['practice'] ) ? ( isset( $values['location'] ) ? $values['location'] : '' ) : $values['clinic'];
		return $html . '>' . self::fallback( $phone_of, $settings ) . '</clinic-booking>';
	}

	/**
	 * The element's attributes: `api` always, the clinic and look from the settings unless
	 * given, and the prefills that look like ids.
	 *
	 * @param array $atts     Given attributes.
	 * @param array $settings The settings.
	 * @return array<string, string>
	 */
	public static function attributes_for( array $atts, array $settings ) {
		$clinic = isset( $atts['clinic'] ) ? strtolower( trim( (string) $atts['clinic'] ) ) : '';
		$clinic = Clinic_Booking_Settings::is_clinic_id( $clinic ) ? $clinic : $settings['default_clinic'];
		$values = array( 'api' => $settings['proxy_url'] );
		if ( Clinic_Booking_Settings::is_clinic_id( $clinic ) ) {
			$values['clinic'] = $clinic;
		}
		$theme = isset( $atts['theme'] ) ? strtolower( trim( (string) $atts['theme'] ) ) : '';
		$theme = in_array( $theme, array( 'auto', 'light', 'dark' ), true ) ? $theme : $settings['default_theme'];
		if ( '' !== $theme ) {
			$values['theme'] = $theme;
		}
		foreach ( array( 'practice', 'category', 'service', 'practitioner' ) as $name ) {
			$value = isset( $atts[ $name ] ) ? trim( (string) $atts[ $name ] ) : '';
			if ( 1 === preg_match( Clinic_Booking_Settings::ITEM_ID_PATTERN, $value ) ) {
				$values[ $name ] = $value;
			}
		}
		$location = isset( $atts['location'] ) ? strtolower( trim( (string) $atts['location'] ) ) : '';
		if ( isset( $values['practice'] ) && Clinic_Booking_Settings::is_clinic_id( $location ) ) {
			$values['location'] = $location;
		}
		foreach ( self::CAMPAIGN_ATTRIBUTES as $name ) {
			$value = isset( $atts[ $name ] ) ? sanitize_text_field( (string) $atts[ $name ] ) : '';
			if ( '' !== $value ) {
				$values[ $name ] = mb_substr( $value, 0, 200 );
			}
		}
		$no_data_layer = isset( $atts['no-data-layer'] ) ? strtolower( trim( (string) $atts['no-data-layer'] ) ) : '';
		if ( in_array( $no_data_layer, array( '1', 'true', 'yes', 'no-data-layer' ), true ) ) {
			$values['no-data-layer'] = '';
		}
		return $values;
	}

	/**
	 * What the element holds until the widget has loaded, and for good if its script
	 * never does: a line with the clinic's phone, which the widget also offers when the
	 * page is not set up. A span, not a paragraph: the shortcode is often typed into a
	 * Paragraph block, and a paragraph inside one would close it and fall out of the element.
	 *
	 * @param string $clinic   The clinic's id, or '' when the page does not name one location.
	 * @param array  $settings The settings.
	 * @return string
	 */
	private static function fallback( $clinic, array $settings ) {
		$phone = '';
		if ( '' !== $clinic ) {
			$client = new Clinic_Booking_Proxy_Client( $settings['proxy_url'] );
			$phone  = $client->phone( $clinic );
		}
		$dial   = preg_replace( '/[^\d+]/', '', $phone );
		if ( '' === $phone || strlen( $dial ) < 3 ) {
			return '<span class="clinic-booking-fallback">' . esc_html__( 'Online booking is loading. If it does not appear, please contact the clinic.', 'clinic-booking' ) . '</span>';
		}
		return sprintf(
			'<span class="clinic-booking-fallback">%s <a href="%s">%s</a>.</span>',
			esc_html__( 'Online booking is loading. If it does not appear, call', 'clinic-booking' ),
			esc_url( 'tel:' . $dial, array( 'tel' ) ),
			esc_html( $phone )
		);
	}

	/**
	 * Where the form would be, for someone who can fix it; nothing for visitors.
	 *
	 * @param array $settings The settings.
	 * @return string
	 */
	private static function setup_notice( array $settings ) {
		if ( ! current_user_can( 'edit_posts' ) ) {
			return '';
		}
		$message = '' === $settings['proxy_url']
			? __( 'Clinic booking: the booking form appears here once an administrator enters the proxy URL in Settings → Clinic Booking.', 'clinic-booking' )
			: __( 'Clinic booking: name a clinic (clinic="…") or a practice (practice="…"), or set a default clinic in Settings → Clinic Booking.', 'clinic-booking' );
		return '<span class="clinic-booking-setup-notice"><em>' . esc_html( $message ) . '</em></span>';
	}

	/**
	 * Lets `<clinic-booking>` and its own attributes through KSES for post content, for
	 * users without `unfiltered_html` (Authors, Contributors, Editors on multisite). Any
	 * other attribute (`onclick`, `style`) is still removed.
	 *
	 * @param array        $tags    Allowed tags and their attributes.
	 * @param string|array $context The KSES context.
	 * @return array
	 */
	public static function allow_element( $tags, $context ) {
		if ( 'post' !== $context ) {
			return $tags;
		}
		$tags['clinic-booking'] = array_fill_keys( array_merge( array( 'api' ), self::ATTRIBUTES ), true );
		return $tags;
	}

	/**
	 * Completes hand-written `<clinic-booking>` elements (a Custom HTML block or widget):
	 * adds `api` where it is missing and enqueues the script, so the element works without
	 * a script tag of its own.
	 *
	 * @param string $content The rendered content.
	 * @return string
	 */
	public static function complete_hand_written( $content ) {
		if ( ! is_string( $content ) || false === stripos( $content, '<clinic-booking' ) ) {
			return $content;
		}
		$settings = Clinic_Booking_Settings::get();
		if ( '' === $settings['proxy_url'] ) {
			return $content;
		}
		wp_enqueue_script( self::HANDLE );
		return preg_replace(
			'/<clinic-booking(?![^>]*\sapi\s*=)(?=[\s>\/])/i',
			'<clinic-booking api="' . esc_attr( $settings['proxy_url'] ) . '"',
			$content
		);
	}

	/**
	 * Writes the widget's script tag: `type="module"` for the module build, and the
	 * attributes that ask optimisation plugins to leave it as it is (see
	 * Clinic_Booking_Optimizers). Cloudflare's `data-cfasync` must come before `src`. Only
	 * the tag itself is rewritten; anything printed around it stays.
	 *
	 * @param string $tag    The HTML WordPress made for the handle.
	 * @param string $handle The script's handle.
	 * @param string $src    The script's URL.
	 * @return string
	 */
	public static function script_tag( $tag, $handle, $src ) {
		if ( self::HANDLE !== $handle ) {
			return $tag;
		}
		$settings = Clinic_Booking_Settings::get();
		$ours     = sprintf(
			'<script%s data-cfasync="false" %s src="%s" id="%s-js"></script>',
			'classic' === $settings['build'] ? '' : ' type="module"',
			Clinic_Booking_Optimizers::OPT_OUT_ATTRIBUTES,
			esc_url( $src ),
			esc_attr( $handle )
		);
		$pattern = '#<script\b[^>]*\bid=(["\'])' . preg_quote( $handle, '#' ) . '-js\1[^>]*>\s*</script>#';
		if ( ! preg_match( $pattern, $tag ) ) {
			return $ours . "\n";
		}
		return preg_replace_callback(
			$pattern,
			static function () use ( $ours ) {
				return $ours;
			},
			$tag,
			1
		);
	}
}
