<?php
/**
 * Runs one task inside the test's WordPress from the command line, for what a person
 * would do in a terminal on the server rather than in the browser (Debian ships no
 * wp-cli): install WordPress, add a user, switch the theme, read what was stored.
 *
 * Usage: php wp-task.php '<json>' where the JSON has `root` (the WordPress folder),
 * `url` (its home URL), `task` and the task's own fields. Prints one line of JSON.
 *
 * @package ClinicBooking
 */

$task = json_decode( $argv[1], true );
$url  = parse_url( $task['url'] );

$_SERVER['HTTP_HOST']   = $url['host'] . ( isset( $url['port'] ) ? ':' . $url['port'] : '' );
$_SERVER['SERVER_NAME'] = $url['host'];
$_SERVER['SERVER_PORT'] = isset( $url['port'] ) ? $url['port'] : 80;
$_SERVER['REQUEST_URI'] = '/';

if ( 'install' === $task['task'] ) {
	define( 'WP_INSTALLING', true );
}
require $task['root'] . '/wp-load.php';

/**
 * Prints the task's result and stops.
 *
 * @param mixed $result What to print.
 */
function finish( $result ) {
	echo wp_json_encode( is_wp_error( $result ) ? array( 'error' => $result->get_error_message() ) : $result ), "\n";
	exit( is_wp_error( $result ) ? 1 : 0 );
}

switch ( $task['task'] ) {
	case 'install':
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$installed = wp_install( $task['title'], $task['user'], $task['email'], false, '', wp_slash( $task['password'] ) );
		update_option( 'permalink_structure', '/%postname%/' );
		flush_rewrite_rules( false );
		finish( array( 'userId' => $installed['user_id'] ) );
		break;

	case 'add-user':
		$user_id = wp_insert_user(
			array(
				'user_login' => $task['user'],
				'user_pass'  => $task['password'],
				'user_email' => $task['email'],
				'role'       => $task['role'],
			)
		);
		finish( is_wp_error( $user_id ) ? $user_id : array( 'userId' => $user_id ) );
		break;

	case 'switch-theme':
		switch_theme( $task['theme'] );
		foreach ( isset( $task['mods'] ) ? $task['mods'] : array() as $name => $value ) {
			set_theme_mod( $name, $value );
		}
		finish( array( 'theme' => get_stylesheet() ) );
		break;

	case 'editor-preferences':
		// What closing the block editor's welcome guide once stores for the user.
		global $wpdb;
		update_user_meta(
			(int) $task['userId'],
			$wpdb->get_blog_prefix() . 'persisted_preferences',
			array(
				'core/edit-post' => array( 'welcomeGuide' => false ),
				'_modified'      => gmdate( 'c' ),
			)
		);
		finish( array( 'ok' => true ) );
		break;

	case 'update-option':
		update_option( $task['name'], $task['value'] );
		finish( array( 'value' => get_option( $task['name'] ) ) );
		break;

	case 'post-content':
		finish( array( 'content' => get_post_field( 'post_content', (int) $task['id'], 'raw' ) ) );
		break;

	default:
		finish( new WP_Error( 'unknown_task', 'No such task: ' . $task['task'] ) );
}
