<?php
/**
 * Removes what the plugin stored when it is deleted. Posts keep their blocks and
 * shortcodes, which then show nothing.
 *
 * @package ClinicBooking
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'clinic_booking_settings' );
delete_option( 'clinic_booking_phones' );
