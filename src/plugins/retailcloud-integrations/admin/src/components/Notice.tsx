import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { CheckCircle, Cross, Information, WarningCircle } from '@strapi/icons';
import type { ReactNode } from 'react';

type Variant = 'success' | 'warning' | 'danger' | 'default';

const COLOURS: Record<Variant, { background: string; border: string; icon: string }> = {
  success: { background: 'success100', border: 'success200', icon: 'success600' },
  warning: { background: 'warning100', border: 'warning200', icon: 'warning600' },
  danger: { background: 'danger100', border: 'danger200', icon: 'danger600' },
  default: { background: 'primary100', border: 'primary200', icon: 'primary600' },
};

const ICONS: Record<Variant, typeof CheckCircle> = {
  success: CheckCircle,
  warning: WarningCircle,
  danger: WarningCircle,
  default: Information,
};

/**
 * An alert in the design system's colours whose body may hold lists, links and paragraphs (the design system's Alert
 * puts its body inside a `<p>`, where a list is invalid markup) and that closes only when `onClose` is given: a
 * problem that still stands is not dismissed, it is fixed.
 */
export const Notice = ({
  variant = 'default',
  title,
  children,
  onClose,
  closeLabel,
  label,
}: {
  variant?: Variant;
  title: ReactNode;
  children?: ReactNode;
  onClose?: () => void;
  closeLabel?: string;
  /** the region's accessible name (the title's text when it is a string) */
  label?: string;
}) => {
  const colours = COLOURS[variant];
  const Icon = ICONS[variant];
  return (
    <Box
      background={colours.background}
      borderColor={colours.border}
      borderStyle="solid"
      borderWidth="1px"
      hasRadius
      padding={5}
      role={variant === 'danger' ? 'alert' : 'status'}
      aria-label={label ?? (typeof title === 'string' ? title : undefined)}
    >
      <Flex alignItems="flex-start" gap={3}>
        <Box color={colours.icon} paddingTop={1} aria-hidden>
          <Icon width="2rem" height="2rem" />
        </Box>
        <Flex direction="column" alignItems="stretch" gap={2} flex="1" minWidth={0}>
          <Typography fontWeight="bold" textColor="neutral800" tag="p">
            {title}
          </Typography>
          {children ? <Box color="neutral800">{children}</Box> : null}
        </Flex>
        {onClose ? (
          <IconButton label={closeLabel ?? ''} variant="ghost" onClick={onClose}>
            <Cross />
          </IconButton>
        ) : null}
      </Flex>
    </Box>
  );
};
