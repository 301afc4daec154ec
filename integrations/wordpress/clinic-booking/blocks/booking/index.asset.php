<?php
/**
 * The editor script's dependencies, as @wordpress/scripts would write them.
 *
 * @package ClinicBooking
 */

return array(
	'dependencies' => array( 'wp-block-editor', 'wp-blocks', 'wp-components', 'wp-element', 'wp-i18n' ),
	'version'      => '0.1.0',
);
