import * as React from 'react';
import { Box, type BoxProps } from '@twilio-paste/box';
import { css, styled } from '@twilio-paste/styling-library';
import { ErrorIcon } from '@twilio-paste/icons/esm/ErrorIcon';
import { NeutralIcon } from '@twilio-paste/icons/esm/NeutralIcon';

/**
 * Paste's Alert, Badge, Text, Heading, Paragraph and Table in Paste's own look, written on Paste's Box: the same
 * style props, tokens and `data-paste-element` names (ALERT, BADGE, TEXT, HEADING, PARAGRAPH, TABLE, THEAD,
 * TBODY, TR, TH, TD),
 * so Flex's theme and an admin's element customizations reach them as they reach Paste's.
 *
 * Why not Paste's own: each Paste package is shipped pre-bundled with its own copy of Box's machinery
 * (deepmerge, the pseudo-prop and custom-element style functions, prop types), and webpack cannot share
 * them. Box is in every Paste plugin already (Button is built on it), so these cost only the lines below;
 * Paste's Text alone (under Heading and Paragraph too) was 1.8 KB gzipped of the plugin's cost, its
 * Table 1.3 KB, its Alert 1.1 KB with its media object (bench/plugin/bundle-size.ts). The styles are
 * copied from @twilio-paste/alert, badge, media-object, text, heading, paragraph and table (what @twilio-paste/core ^15.3.1 resolves to, checked in
 * tests/plugin/paste.test.tsx against the real components). ESLint keeps src/ off the heavy packages.
 */

export type TextProps = BoxProps;

/** Paste's Text: a div (or `as`) with no margin or padding, in the body's colour, size and line height. */
export const Text = React.forwardRef<HTMLElement, TextProps>(function Text(props, ref) {
  return (
    <Box
      ref={ref}
      margin="space0"
      padding="space0"
      color="colorText"
      fontSize="fontSize30"
      lineHeight="lineHeight30"
      element="TEXT"
      {...props}
    />
  );
});

type HeadingVariant = 'heading10' | 'heading20' | 'heading30' | 'heading40' | 'heading50' | 'heading60';

/** Paste's heading sizes: [font size and line height step, default bottom margin]. */
const HEADING_VARIANTS: Record<HeadingVariant, [number, string]> = {
  heading10: [90, 'space70'],
  heading20: [70, 'space60'],
  heading30: [60, 'space50'],
  heading40: [40, 'space40'],
  heading50: [30, 'space30'],
  heading60: [20, 'space30'],
};

export interface HeadingProps extends Omit<TextProps, 'marginBottom' | 'variant'> {
  as: 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'div' | 'label' | 'span';
  variant: HeadingVariant;
  marginBottom?: 'space0';
}

export const Heading = React.forwardRef<HTMLElement, HeadingProps>(function Heading(
  { variant, marginBottom, ...props },
  ref,
) {
  const [step, margin] = HEADING_VARIANTS[variant];
  return (
    <Text
      ref={ref}
      display="block"
      element="HEADING"
      {...props}
      variant={variant}
      color="colorText"
      fontSize={`fontSize${step}` as TextProps['fontSize']}
      lineHeight={`lineHeight${step}` as TextProps['lineHeight']}
      fontWeight="fontWeightBold"
      marginBottom={(marginBottom ?? margin) as TextProps['marginBottom']}
    />
  );
});

export interface ParagraphProps extends Omit<TextProps, 'marginBottom'> {
  marginBottom?: 'space0';
}

export const Paragraph = React.forwardRef<HTMLElement, ParagraphProps>(function Paragraph(
  { marginBottom, ...props },
  ref,
) {
  return (
    <Text
      ref={ref}
      element="PARAGRAPH"
      {...props}
      as="p"
      color="colorText"
      fontSize="fontSize30"
      fontWeight="fontWeightNormal"
      lineHeight="lineHeight40"
      marginBottom={marginBottom ?? 'space70'}
    />
  );
});

/** Paste's default table: a wrapper, a bordered full-width table with separate borders. */
export const Table = React.forwardRef<HTMLElement, BoxProps>(function Table(
  { element = 'TABLE', id, ...props },
  ref,
) {
  return (
    <Box id={id} element={`${element}_WRAPPER`}>
      <Box
        {...props}
        ref={ref}
        as="table"
        borderCollapse="separate"
        borderColor="colorBorderWeaker"
        borderSpacing="0"
        borderStyle="solid"
        borderWidth="borderWidth10"
        element={element}
        tableLayout="auto"
        width="100%"
      />
    </Box>
  );
});

// Paste styles the header's and body's rows from the section, as these do (its THead and TBody).
const StyledTHead = styled.thead(
  css({ backgroundColor: 'colorBackground', '& > tr > th': { borderBottomWidth: 'borderWidth20' } }),
);
const StyledTBody = styled.tbody(
  css({
    backgroundColor: 'colorBackgroundBody',
    '& > tr:last-of-type > td': { borderBottomWidth: 'borderWidth0' },
  }),
);

export const THead = React.forwardRef<HTMLElement, BoxProps>(function THead(props, ref) {
  return <Box element="THEAD" {...props} ref={ref} as={StyledTHead as unknown as BoxProps['as']} />;
});

export const TBody = React.forwardRef<HTMLElement, BoxProps>(function TBody(props, ref) {
  return <Box element="TBODY" {...props} ref={ref} as={StyledTBody as unknown as BoxProps['as']} />;
});

export const Tr = React.forwardRef<HTMLElement, BoxProps>(function Tr(props, ref) {
  return (
    <Box
      element="TR"
      verticalAlign="middle"
      {...props}
      ref={ref}
      as="tr"
      _even={{ backgroundColor: 'transparent' }}
      _last={{ borderWidth: 'borderWidth0' }}
    />
  );
});

/** A cell's own attributes, which Box does not type. */
export type CellProps = BoxProps &
  Pick<React.ThHTMLAttributes<HTMLTableCellElement>, 'scope' | 'colSpan' | 'rowSpan' | 'headers'>;

/** A cell's padding, size and text wrapping, shared by Paste's Th and Td. */
const CELL: BoxProps = {
  fontSize: 'fontSize30',
  lineHeight: 'lineHeight30',
  paddingBottom: 'space40',
  paddingLeft: 'space50',
  paddingRight: 'space50',
  paddingTop: 'space40',
  position: 'relative',
  textAlign: 'left',
  verticalAlign: 'inherit',
  wordWrap: 'break-word',
};

export const Th = React.forwardRef<HTMLElement, CellProps>(function Th(props, ref) {
  return (
    <Box
      element="TH"
      {...CELL}
      {...props}
      ref={ref}
      as="th"
      borderBottomStyle="solid"
      borderBottomColor="colorBorderWeaker"
      borderBottomWidth="borderWidth10"
      fontWeight="fontWeightSemibold"
    />
  );
});

export const Td = React.forwardRef<HTMLElement, CellProps>(function Td(props, ref) {
  return (
    <Box
      element="TD"
      {...CELL}
      {...props}
      ref={ref}
      as="td"
      borderStyle="solid"
      borderColor="colorBorderWeaker"
      borderWidth="borderWidth0"
      borderBottomWidth="borderWidth10"
    />
  );
});

type AlertVariant = 'error' | 'neutral';

/** Paste's Alert per variant: its role, colours and icon (the plugin shows no warning alert). */
const ALERT_LOOKS = {
  error: {
    role: 'alert',
    backgroundColor: 'colorBackgroundErrorWeakest',
    borderColor: 'colorBorderErrorWeak',
    Icon: ErrorIcon,
    iconColor: 'colorTextIconError',
  },
  neutral: {
    role: 'status',
    backgroundColor: 'colorBackgroundNeutralWeakest',
    borderColor: 'colorBorderNeutralWeak',
    Icon: NeutralIcon,
    iconColor: 'colorTextIconNeutral',
  },
} as const;

export interface AlertProps extends Omit<BoxProps, 'variant'> {
  variant: AlertVariant;
  children: React.ReactNode;
  /** Read by screen readers for the error icon; Paste's default is "(error)". */
  i18nErrorLabel?: string;
  /** Read by screen readers for the neutral icon; Paste's default is "(information)". */
  i18nNeutralLabel?: string;
}

/**
 * Paste's Alert (neutral and error, not dismissible): a banner with the variant's icon, titled for screen
 * readers, beside the message; an error is an alert region, a neutral one a polite status.
 */
export const Alert = React.forwardRef<HTMLElement, AlertProps>(function Alert(
  {
    children,
    variant,
    role,
    element = 'ALERT',
    i18nErrorLabel = '(error)',
    i18nNeutralLabel = '(information)',
    ...props
  },
  ref,
) {
  const { Icon, iconColor, ...look } = ALERT_LOOKS[variant];
  return (
    <Box
      {...props}
      backgroundColor={look.backgroundColor}
      borderColor={look.borderColor}
      borderBottomWidth="borderWidth20"
      borderBottomStyle="solid"
      paddingLeft="space60"
      paddingRight="space60"
      paddingTop="space50"
      paddingBottom="space50"
      element={element}
      variant={variant}
      ref={ref}
      role={role ?? look.role}
    >
      <Box as="div" alignItems="flex-start" display="flex" element="MEDIA_OBJECT">
        <Box as="div" display="flex" element="MEDIA_FIGURE" flexShrink={0} marginRight="space30">
          <Icon
            element={`${element}_ICON`}
            color={iconColor}
            decorative={false}
            title={variant === 'error' ? i18nErrorLabel : i18nNeutralLabel}
            size="sizeIcon20"
          />
        </Box>
        <Box as="div" element="MEDIA_BODY" flex={1} minWidth="size0">
          {children}
        </Box>
      </Box>
    </Box>
  );
});

type BadgeVariant = 'neutral' | 'warning' | 'error' | 'new';

/** Paste's Badge colours for the variants the plugin shows (Flex's own pause timer is the error one; `new` counts unread messages). */
const BADGE_LOOKS: Record<
  BadgeVariant,
  { backgroundColor: BoxProps['backgroundColor']; color: BoxProps['color'] }
> = {
  neutral: { backgroundColor: 'colorBackgroundNeutralWeakest', color: 'colorTextNeutral' },
  warning: { backgroundColor: 'colorBackgroundWarningWeakest', color: 'colorTextWarningStrong' },
  error: { backgroundColor: 'colorBackgroundErrorWeakest', color: 'colorTextErrorStrong' },
  new: { backgroundColor: 'colorBackgroundNew', color: 'colorTextNew' },
};

export interface BadgeProps extends Omit<BoxProps, 'variant' | 'as'> {
  as: 'span';
  variant: BadgeVariant;
}

/**
 * Paste's Badge as a span (not a link or a button): a pill of small semibold words beside its icon. Paste
 * resizes an icon child to sizeIcon10; here the caller gives the icon that size.
 */
export const Badge = React.forwardRef<HTMLElement, BadgeProps>(function Badge(
  { as, variant, children, element = 'BADGE', ...props },
  ref,
) {
  return (
    <Box
      {...props}
      alignItems="center"
      as={as}
      border="unset"
      borderRadius="borderRadius30"
      columnGap="space20"
      display="flex"
      element={element}
      fontSize="fontSize20"
      fontWeight="fontWeightSemibold"
      lineHeight="lineHeight10"
      maxWidth="max-content"
      paddingX="space30"
      paddingY="space20"
      appearance="none"
      background="none"
      outline="none"
      fontFamily="inherit"
      position="relative"
      variant={variant}
      ref={ref}
      {...BADGE_LOOKS[variant]}
    >
      {children}
    </Box>
  );
});

/** Paste's ScreenReaderOnly: words read by assistive technology, clipped to a pixel off the page's flow. */
export const ScreenReaderOnly = React.forwardRef<HTMLElement, BoxProps>(function ScreenReaderOnly(
  { as = 'span', children, ...props },
  ref,
) {
  return (
    <Box
      {...props}
      as={as}
      border="none"
      clip="rect(0 0 0 0)"
      height="1px"
      margin="spaceNegative10"
      overflow="hidden"
      padding="space0"
      position="absolute"
      ref={ref}
      textTransform="none"
      whiteSpace="nowrap"
      width="1px"
    >
      {children}
    </Box>
  );
});
