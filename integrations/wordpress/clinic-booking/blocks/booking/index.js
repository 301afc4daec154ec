/**
 * The Clinic booking block in the editor: a placeholder of fixed height (the form itself
 * appears on the published page, where its script runs), and the block's settings in the
 * sidebar. Dynamic: nothing but the attributes is saved, so no script ends up in the post.
 *
 * Plain JavaScript on the editor's globals, so the plugin needs no build step.
 */
( function ( blocks, element, blockEditor, components, i18n ) {
	'use strict';

	var el = element.createElement;
	var __ = i18n.__;
	var sprintf = i18n.sprintf;
	var defaults = window.clinicBookingEditor || { defaultClinic: '', defaultTheme: 'auto', configured: false };

	var LOOKS = {
		'': __( 'Site default', 'clinic-booking' ),
		auto: __( 'Automatic (follows the device)', 'clinic-booking' ),
		light: __( 'Light', 'clinic-booking' ),
		dark: __( 'Dark', 'clinic-booking' ),
	};

	/** How the site's default look (Settings → Clinic Booking) reads in the summary. */
	var SITE_LOOKS = {
		'': __( 'light, in the site’s font', 'clinic-booking' ),
		auto: __( 'automatic', 'clinic-booking' ),
		light: __( 'light', 'clinic-booking' ),
		dark: __( 'dark', 'clinic-booking' ),
	};

	/** A text setting in the sidebar. */
	function idControl( props, name, label, help ) {
		return el( components.TextControl, {
			label: label,
			help: help,
			value: props.attributes[ name ],
			onChange: function ( value ) {
				var change = {};
				change[ name ] = value.trim();
				props.setAttributes( change );
			},
		} );
	}

	/** What the placeholder says the form will show. */
	function summary( attributes ) {
		var clinic = attributes.clinic || defaults.defaultClinic;
		var parts = [];
		parts.push(
			clinic
				? sprintf( __( 'Clinic: %s', 'clinic-booking' ), clinic )
				: __( 'No clinic yet: name one in the block settings, or set a default clinic in Settings → Clinic Booking.', 'clinic-booking' )
		);
		if ( attributes.category ) {
			parts.push( sprintf( __( 'starts in category %s', 'clinic-booking' ), attributes.category ) );
		}
		if ( attributes.service ) {
			parts.push( sprintf( __( 'service %s', 'clinic-booking' ), attributes.service ) );
		}
		if ( attributes.practitioner ) {
			parts.push( sprintf( __( 'practitioner %s', 'clinic-booking' ), attributes.practitioner ) );
		}
		if ( attributes.practice ) {
			parts.push( sprintf( __( 'practice %s', 'clinic-booking' ), attributes.practice ) );
		}
		if ( attributes.practice && attributes.location ) {
			parts.push( sprintf( __( 'at %s', 'clinic-booking' ), attributes.location ) );
		}
		parts.push(
			sprintf(
				__( 'look: %s', 'clinic-booking' ),
				attributes.theme
					? LOOKS[ attributes.theme ]
					: sprintf( __( 'site default (%s)', 'clinic-booking' ), SITE_LOOKS[ defaults.defaultTheme ] || SITE_LOOKS.auto )
			)
		);
		return parts.join( ' · ' );
	}

	blocks.registerBlockType( 'clinic-booking/booking', {
		edit: function ( props ) {
			var blockProps = blockEditor.useBlockProps( { className: 'clinic-booking-placeholder' } );
			return el(
				element.Fragment,
				null,
				el(
					blockEditor.InspectorControls,
					null,
					el(
						components.PanelBody,
						{ title: __( 'Booking form', 'clinic-booking' ) },
						idControl( props, 'clinic', __( 'Clinic', 'clinic-booking' ), __( 'The clinic’s id in the booking proxy. Empty: the default clinic.', 'clinic-booking' ) ),
						el( components.SelectControl, {
							label: __( 'Look', 'clinic-booking' ),
							value: props.attributes.theme,
							options: Object.keys( LOOKS ).map( function ( value ) {
								return { value: value, label: LOOKS[ value ] };
							} ),
							onChange: function ( value ) {
								props.setAttributes( { theme: value } );
							},
						} ),
						idControl( props, 'category', __( 'Start in category', 'clinic-booking' ), __( 'A category id, e.g. on a Podiatry page.', 'clinic-booking' ) ),
						idControl( props, 'service', __( 'Start with service', 'clinic-booking' ), __( 'A service id.', 'clinic-booking' ) ),
						idControl( props, 'practitioner', __( 'Practitioner', 'clinic-booking' ), __( 'A practitioner id, or “any”; with a service, the form starts at the times.', 'clinic-booking' ) ),
						idControl( props, 'practice', __( 'Practice', 'clinic-booking' ), __( 'For a practice with several locations: its id in the proxy. The form then starts by asking where, and the clinic is ignored.', 'clinic-booking' ) ),
						idControl( props, 'location', __( 'Location', 'clinic-booking' ), __( 'With a practice: start at this location (its clinic id), e.g. on that site’s own page.', 'clinic-booking' ) )
					)
				),
				el(
					'div',
					blockProps,
					el( 'p', { className: 'clinic-booking-placeholder__title' }, __( 'Clinic booking', 'clinic-booking' ) ),
					el( 'p', { className: 'clinic-booking-placeholder__summary' }, summary( props.attributes ) ),
					el(
						'p',
						{ className: 'clinic-booking-placeholder__note' },
						defaults.configured
							? __( 'Patients see the booking form here on the published page.', 'clinic-booking' )
							: __( 'The booking form appears once an administrator enters the proxy URL in Settings → Clinic Booking.', 'clinic-booking' )
					)
				)
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.components, window.wp.i18n );
