<?php
/**
 * Settings → Clinic Booking: the proxy URL, the default clinic, the default look and the
 * script build, with the connection check below them.
 *
 * @package ClinicBooking
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers and renders the settings page.
 */
final class Clinic_Booking_Settings_Page {

	/** The page's slug, under Settings. */
	const SLUG = 'clinic-booking';

	/**
	 * Hooks the page into the admin.
	 */
	public static function register() {
		add_action( 'admin_init', array( __CLASS__, 'register_setting' ) );
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( CLINIC_BOOKING_FILE ), array( __CLASS__, 'action_links' ) );
		add_action( 'admin_notices', array( __CLASS__, 'not_configured_notice' ) );
	}

	/**
	 * Registers the option with its validation.
	 */
	public static function register_setting() {
		register_setting(
			self::SLUG,
			Clinic_Booking_Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'Clinic_Booking_Settings', 'sanitize' ),
				'default'           => Clinic_Booking_Settings::defaults(),
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * Adds Settings → Clinic Booking.
	 */
	public static function add_page() {
		add_options_page(
			__( 'Clinic Booking', 'clinic-booking' ),
			__( 'Clinic Booking', 'clinic-booking' ),
			'manage_options',
			self::SLUG,
			array( __CLASS__, 'render' )
		);
	}

	/**
	 * A "Settings" link beside Deactivate in the plugins list.
	 *
	 * @param string[] $links The plugin's action links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift( $links, sprintf( '<a href="%s">%s</a>', esc_url( self::url() ), esc_html__( 'Settings', 'clinic-booking' ) ) );
		return $links;
	}

	/**
	 * The settings page's URL.
	 *
	 * @return string
	 */
	public static function url() {
		return admin_url( 'options-general.php?page=' . self::SLUG );
	}

	/**
	 * On the dashboard and the plugins list, tells an administrator the plugin needs its
	 * proxy URL before any booking form can appear.
	 */
	public static function not_configured_notice() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( ! current_user_can( 'manage_options' ) || ! $screen || ! in_array( $screen->id, array( 'dashboard', 'plugins' ), true ) ) {
			return;
		}
		$settings = Clinic_Booking_Settings::get();
		if ( '' !== $settings['proxy_url'] ) {
			return;
		}
		printf(
			'<div class="notice notice-warning"><p>%s <a href="%s">%s</a></p></div>',
			esc_html__( 'Clinic Booking needs the address of your booking proxy before a booking form can appear.', 'clinic-booking' ),
			esc_url( self::url() ),
			esc_html__( 'Open its settings', 'clinic-booking' )
		);
	}

	/**
	 * Renders the page.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$settings = Clinic_Booking_Settings::get();
		$name     = Clinic_Booking_Settings::OPTION;
		$themes   = array(
			'auto'  => __( 'Automatic: light or dark, as the visitor’s device is set', 'clinic-booking' ),
			'light' => __( 'Light', 'clinic-booking' ),
			'dark'  => __( 'Dark', 'clinic-booking' ),
			''      => __( 'Light, with this site’s own font and text colour', 'clinic-booking' ),
		);
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Clinic Booking', 'clinic-booking' ); ?></h1>
			<p><?php esc_html_e( 'Put a booking form on any page with the Clinic booking block, or the shortcode [clinic_booking]. Both work for every role that can edit posts, because they store no script.', 'clinic-booking' ); ?></p>
			<form action="options.php" method="post">
				<?php settings_fields( self::SLUG ); ?>
				<table class="form-table" role="presentation">
					<?php
					self::text_row( 'proxy_url', 'url', __( 'Proxy URL', 'clinic-booking' ), 'https://book.example.com.au', __( 'The booking proxy’s address, where its widget.js is served from. Whoever set up your Cliniko or Halaxy connection can tell you.', 'clinic-booking' ), $settings );
					self::text_row( 'default_clinic', 'text', __( 'Default clinic', 'clinic-booking' ), 'acme-physio', __( 'The clinic’s id in the proxy’s clinics file. A block or shortcode may name another clinic.', 'clinic-booking' ), $settings );
					?>
					<tr>
						<th scope="row"><label for="clinic-booking-default-theme"><?php esc_html_e( 'Default look', 'clinic-booking' ); ?></label></th>
						<td>
							<select id="clinic-booking-default-theme" name="<?php echo esc_attr( $name ); ?>[default_theme]">
								<?php foreach ( $themes as $value => $label ) : ?>
									<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $settings['default_theme'], $value ); ?>><?php echo esc_html( $label ); ?></option>
								<?php endforeach; ?>
							</select>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'Script', 'clinic-booking' ); ?></th>
						<td>
							<fieldset>
								<legend class="screen-reader-text"><?php esc_html_e( 'Script', 'clinic-booking' ); ?></legend>
								<label><input type="radio" name="<?php echo esc_attr( $name ); ?>[build]" value="module" <?php checked( $settings['build'], 'module' ); ?> /> <?php esc_html_e( 'Module (smaller; recommended)', 'clinic-booking' ); ?></label><br />
								<label><input type="radio" name="<?php echo esc_attr( $name ); ?>[build]" value="classic" <?php checked( $settings['build'], 'classic' ); ?> /> <?php esc_html_e( 'Classic single file, for optimisation plugins that break module scripts', 'clinic-booking' ); ?></label>
							</fieldset>
						</td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<?php self::render_check( $settings ); ?>
		</div>
		<?php
	}

	/**
	 * One row of the form: a labelled text field with its help below.
	 *
	 * @param string $key         The setting.
	 * @param string $type        The input's type.
	 * @param string $label       The field's label.
	 * @param string $placeholder An example value.
	 * @param string $help        What to enter.
	 * @param array  $settings    The settings.
	 */
	private static function text_row( $key, $type, $label, $placeholder, $help, array $settings ) {
		$id = 'clinic-booking-' . str_replace( '_', '-', $key );
		?>
		<tr>
			<th scope="row"><label for="<?php echo esc_attr( $id ); ?>"><?php echo esc_html( $label ); ?></label></th>
			<td>
				<input type="<?php echo esc_attr( $type ); ?>" class="regular-text code" id="<?php echo esc_attr( $id ); ?>" name="<?php echo esc_attr( Clinic_Booking_Settings::OPTION . '[' . $key . ']' ); ?>" value="<?php echo esc_attr( $settings[ $key ] ); ?>" placeholder="<?php echo esc_attr( $placeholder ); ?>" aria-describedby="<?php echo esc_attr( $id ); ?>-help" />
				<p class="description" id="<?php echo esc_attr( $id ); ?>-help"><?php echo esc_html( $help ); ?></p>
			</td>
		</tr>
		<?php
	}

	/**
	 * Renders the connection check.
	 *
	 * @param array $settings The settings.
	 */
	private static function render_check( array $settings ) {
		$findings = Clinic_Booking_Health_Check::run( $settings, Clinic_Booking_Proxy_Client::site_origin() );
		$labels   = array(
			Clinic_Booking_Health_Check::OK      => array( '✓', __( 'Fine', 'clinic-booking' ), '#007017' ),
			Clinic_Booking_Health_Check::WARNING => array( '!', __( 'Check', 'clinic-booking' ), '#996800' ),
			Clinic_Booking_Health_Check::PROBLEM => array( '✗', __( 'Problem', 'clinic-booking' ), '#b32d2e' ),
		);
		?>
		<h2 id="clinic-booking-check"><?php esc_html_e( 'Connection check', 'clinic-booking' ); ?></h2>
		<p>
			<?php
			/* translators: %s: the site's address. */
			echo esc_html( sprintf( __( 'Asked just now, from this server, as a visitor’s browser on %s would ask.', 'clinic-booking' ), Clinic_Booking_Proxy_Client::site_origin() ) );
			?>
			<a href="<?php echo esc_url( self::url() . '#clinic-booking-check' ); ?>"><?php esc_html_e( 'Check again', 'clinic-booking' ); ?></a>
		</p>
		<ul class="clinic-booking-findings" style="max-width: 60em;">
			<?php foreach ( $findings as $finding ) : ?>
				<?php list( $mark, $label, $colour ) = $labels[ $finding['status'] ]; ?>
				<li class="clinic-booking-finding clinic-booking-finding--<?php echo esc_attr( $finding['status'] ); ?>" style="border-left: 4px solid <?php echo esc_attr( $colour ); ?>; background: #fff; padding: 8px 12px; margin: 0 0 8px;">
					<strong><span aria-hidden="true" style="color: <?php echo esc_attr( $colour ); ?>;"><?php echo esc_html( $mark ); ?></span> <span class="screen-reader-text"><?php echo esc_html( $label ); ?>:</span> <?php echo esc_html( $finding['title'] ); ?></strong><br />
					<?php echo esc_html( $finding['detail'] ); ?>
					<?php if ( '' !== $finding['code'] ) : ?>
						<br /><code style="display: inline-block; margin-top: 4px; user-select: all;"><?php echo esc_html( $finding['code'] ); ?></code>
					<?php endif; ?>
				</li>
			<?php endforeach; ?>
		</ul>
		<?php
	}
}
