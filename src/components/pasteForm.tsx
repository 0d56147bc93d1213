import * as React from 'react';
import { Box, type BoxProps } from '@twilio-paste/box';
import { ChevronDownIcon } from '@twilio-paste/icons/esm/ChevronDownIcon';

/**
 * Paste's Label, Input, Select and Option in Paste's own look, written on Paste's Box like ./paste.tsx: the
 * same elements, attributes, style props, tokens and `data-paste-element` names (LABEL, MEDIA_OBJECT,
 * MEDIA_BODY, INPUT, INPUT_ELEMENT, SELECT, SELECT_ELEMENT, SELECT_CHEVRON_WRAPPER, SELECT_ICON, OPTION), so
 * Flex's theme and an admin's element customizations reach them as they reach Paste's. Only what the plugin
 * uses is written: the default (not inverse) variant, no prefix or suffix, no required mark, no error state.
 *
 * Why not Paste's own: @twilio-paste/input, label, select and the input-box and media-object they draw with
 * are each shipped pre-bundled with their own copy of Box's helpers, 3.5 KB gzipped of the plugin's cost
 * together (bench/plugin/bundle-size.ts), while Box is in every Paste plugin already. The styles are copied
 * from those packages (the versions @twilio-paste/core ^15.3.1 resolves to) and held to the real components
 * in both of Flex's themes by tests/plugin/paste-form.test.tsx, pseudo-class rules included.
 */

/**
 * A form control's own attributes (value, type, maxLength…), which Box's props do not type: Box renders
 * whatever element `as` names and hands it every attribute, as Paste's own Input and Select do.
 */
function asBoxProps(props: object): BoxProps {
  return props as BoxProps;
}

export interface LabelProps extends Omit<BoxProps, 'marginBottom' | 'as'> {
  htmlFor: string;
  marginBottom?: 'space0';
}

/** Paste's Label (a `label`, bold, its text in a media object's body, where Paste puts the required mark's figure). */
export const Label = React.forwardRef<HTMLElement, LabelProps>(function Label(
  { marginBottom, children, element = 'LABEL', ...props },
  ref,
) {
  return (
    <Box
      {...props}
      as="label"
      borderBottomWidth="borderWidth0"
      display="block"
      marginBottom={marginBottom ?? 'space20'}
      paddingLeft="space0"
      paddingRight="space0"
      textTransform="none"
      element={element}
      fontSize="fontSize30"
      fontWeight="fontWeightBold"
      lineHeight="lineHeight30"
      color="colorText"
      cursor="pointer"
      ref={ref}
    >
      <Box alignItems="flex-start" as="span" display="flex" element="MEDIA_OBJECT">
        <Box as="span" element="MEDIA_BODY" flex={1} minWidth="size0">
          {children}
        </Box>
      </Box>
    </Box>
  );
});

/**
 * Paste's input box (its default faux input): the border drawn as a shadow, primary on hover, a focus ring
 * within; weaker when disabled, on the page's grey when read only.
 */
function InputBox({
  element,
  disabled,
  readOnly,
  children,
}: {
  element: string;
  disabled?: boolean;
  readOnly?: boolean;
  children: React.ReactNode;
}): React.ReactElement {
  const shadow = disabled ? 'shadowBorderWeak' : 'shadowBorder';
  const active = disabled ? 'shadowBorderWeak' : 'shadowBorderPrimaryStronger';
  return (
    <Box
      element={element}
      display="flex"
      width="100%"
      backgroundColor={disabled || readOnly ? 'colorBackground' : 'colorBackgroundBody'}
      boxShadow={shadow}
      borderRadius="borderRadius20"
      transition="box-shadow 100ms ease-in"
      cursor={disabled ? 'not-allowed' : 'text'}
      variant="default"
      _hover={{ boxShadow: readOnly && !disabled ? shadow : active }}
      _focusWithin={{ boxShadow: disabled ? shadow : 'shadowFocus' }}
      _active={{ boxShadow: active }}
    >
      {children}
    </Box>
  );
}

/** The attributes a text field takes (Paste's Input blocks className, style and sizes the same way). */
export type InputProps = Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  'className' | 'style' | 'size' | 'height' | 'width' | 'color'
> & { element?: string; type: 'text' | 'email' | 'search' | 'tel' | 'url' };

/** Paste's Input (text types): the input box around a borderless input in Paste's type and spacing. */
export const Input = React.forwardRef<HTMLInputElement, InputProps>(function Input(
  { disabled, element = 'INPUT', id, name, placeholder, readOnly, required, type, value, ...props },
  ref,
) {
  return (
    <InputBox element={element} disabled={disabled} readOnly={readOnly}>
      <Box
        appearance="none"
        as="input"
        backgroundColor="transparent"
        border="none"
        borderRadius="borderRadius20"
        boxShadow="none"
        color="inherit"
        cursor="auto"
        display="block"
        fontFamily="inherit"
        fontSize="fontSize30"
        fontWeight="fontWeightMedium"
        lineHeight="lineHeight20"
        margin="space0"
        outline="none"
        paddingBottom="space30"
        paddingLeft="space40"
        paddingRight="space40"
        paddingTop="space30"
        resize="none"
        width="100%"
        _placeholder={{ color: 'colorTextWeak', fontStyle: 'italic' }}
        _focus_placeholder={{ color: 'colorTextWeak' }}
        _disabled={{
          color: 'colorTextWeaker',
          cursor: 'not-allowed',
          '-webkit-text-fill-color': 'colorTextWeaker',
          '-webkit-opacity': '1',
        }}
        __webkit_datetime_edit={{ display: 'flex' }}
        __webkit_calendar_picker_indicator_hover={{ cursor: readOnly || disabled ? 'default' : 'pointer' }}
        {...asBoxProps({
          'aria-readonly': readOnly,
          ...props,
          type,
          disabled,
          element: `${element}_ELEMENT`,
          id,
          name,
          placeholder,
          readOnly,
          ref,
          required,
          value,
        })}
      />
    </InputBox>
  );
});

export type SelectProps = Omit<
  React.SelectHTMLAttributes<HTMLSelectElement>,
  'className' | 'style' | 'size' | 'multiple' | 'color'
> & { element?: string; children: React.ReactNode };

/** Paste's Select (single choice): the input box around a native select, with Paste's chevron over its end. */
export const Select = React.forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { disabled, element = 'SELECT', children, ...props },
  ref,
) {
  return (
    <InputBox element={element} disabled={disabled}>
      <Box display="flex" width="100%" position="relative">
        <Box
          {...asBoxProps({ 'data-not-selectize': 'true', disabled, ...props })}
          element={`${element}_ELEMENT`}
          as="select"
          ref={ref}
          // Paste's order: its select sets a (zero) size, then unsets the height that size set.
          size={0}
          height={undefined}
          appearance="none"
          backgroundColor="colorBackgroundBody"
          border="none"
          borderRadius="borderRadius20"
          boxShadow="none"
          color="inherit"
          cursor="pointer"
          display="block"
          fontFamily="inherit"
          fontSize="fontSize30"
          fontWeight="fontWeightMedium"
          lineHeight="lineHeight20"
          margin="space0"
          outline="none"
          paddingBottom="space30"
          paddingLeft="space40"
          paddingRight="space100"
          paddingTop="space30"
          resize="none"
          width="100%"
          _disabled={{ color: 'colorTextWeaker', cursor: 'not-allowed', opacity: 1 }}
          variant="default"
        >
          {children}
        </Box>
        <Box
          backgroundColor="colorBackground"
          borderRadius="borderRadius20"
          cursor="pointer"
          alignItems="center"
          display="inline-flex"
          position="absolute"
          pointerEvents="none"
          right="space30"
          top="50%"
          transform="translateY(-50%)"
          zIndex="zIndex10"
          element={`${element}_CHEVRON_WRAPPER`}
        >
          <ChevronDownIcon
            aria-hidden="true"
            decorative
            element={`${element}_ICON`}
            color={disabled ? 'colorTextWeaker' : 'colorTextIcon'}
            size="sizeIcon30"
          />
        </Box>
      </Box>
    </InputBox>
  );
});

export type OptionProps = Omit<
  React.OptionHTMLAttributes<HTMLOptionElement>,
  'className' | 'style' | 'color'
> & {
  element?: string;
};

/** Paste's Option: the select's colours and font, Paste's line height and padding. */
export const Option = React.forwardRef<HTMLOptionElement, OptionProps>(function Option(
  { children, element = 'OPTION', ...props },
  ref,
) {
  return (
    <Box
      as="option"
      ref={ref}
      {...asBoxProps(props)}
      element={element}
      backgroundColor="inherit"
      color="inherit"
      fontFamily="inherit"
      lineHeight="lineHeight50"
      paddingTop="space30"
      paddingBottom="space30"
      paddingLeft="space20"
    >
      {children}
    </Box>
  );
});
