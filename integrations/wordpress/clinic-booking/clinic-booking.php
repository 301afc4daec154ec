<?php
/**
 * Plugin Name:       Clinic Booking
 * Description:       Online booking for allied-health clinics on Cliniko or Halaxy: the booking form as a block and a shortcode, with a settings page that checks the connection to your booking proxy.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Clinic Booking contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       clinic-booking
 * Domain Path:       /languages
 *
 * @package ClinicBooking
 */

/*
 * Copyright the Clinic Booking contributors.
 *
 * This program is free software; you can redistribute it and/or modify it under the terms
 * of the GNU General Public License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY;
 * without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.
 * See the GNU General Public License for more details.
 */

defined( 'ABSPATH' ) || exit;

define( 'CLINIC_BOOKING_VERSION', '0.1.0' );
define( 'CLINIC_BOOKING_FILE', __FILE__ );
define( 'CLINIC_BOOKING_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-clinic-booking-settings.php';
require_once __DIR__ . '/includes/class-clinic-booking-proxy-client.php';
require_once __DIR__ . '/includes/class-clinic-booking-health-check.php';
require_once __DIR__ . '/includes/class-clinic-booking-settings-page.php';
require_once __DIR__ . '/includes/class-clinic-booking-embed.php';
require_once __DIR__ . '/includes/class-clinic-booking-optimizers.php';

Clinic_Booking_Settings_Page::register();
Clinic_Booking_Embed::register();
Clinic_Booking_Optimizers::register();

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'clinic-booking', false, dirname( plugin_basename( CLINIC_BOOKING_FILE ) ) . '/languages' );
	}
);
