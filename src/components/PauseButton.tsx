import * as React from 'react';
import { Box } from '@twilio-paste/box';
import { Button } from '@twilio-paste/button';
import { useUID } from '@twilio-paste/uid-library';

import { AsyncActionButton } from './AsyncActionButton';
import { focusIsLost, moveFocus, type FocusTargets } from './focus';
import { useAsyncAction } from './useAsyncAction';
import { Input, Label } from './pasteForm';

export const PAUSE_BUTTON_ELEMENT = 'LEAVE_PAUSE_PAUSE_BUTTON';
/** Pause reasons (issue 18): Paste customisation names of the reason menu and its parts. */
export const PAUSE_REASON_MENU_ELEMENT = 'LEAVE_PAUSE_PAUSE_REASON_MENU';

/** Pause reasons (issue 18): one reason the menu offers, its label already in the agent's language. */
export interface PauseReasonOption {
  code: string;
  label: string;
}

/** What the agent picked in the menu: sent with the Pause request. */
export interface PickedPauseReason {
  code: string;
  note?: string;
}

export interface PauseButtonProps {
  label: string;
  busyLabel: string;
  /** Called with the picked reason when the admin configured reasons, with nothing otherwise. */
  onPause: (reason?: PickedPauseReason) => Promise<unknown>;
  disabled?: boolean;
  /** The service can't be reached: disabled, with this reason for the agent (see AsyncActionButton). */
  unavailableReason?: string;
  /** Where focus goes after a successful Pause (e.g. the paused item, then a status message); see focus.ts. */
  focusAfter?: FocusTargets;
  /** Flex's task header buttons are small; defaults to small. */
  size?: 'default' | 'small';
  // Pause reasons (issue 18): without `reasons` (or with none), Pause is one click as before.
  reasons?: readonly PauseReasonOption[];
  /** The menu's accessible name ("Why are you pausing?"). */
  reasonMenuLabel?: string;
  /** Set to offer a note field with this label; the note is at most `noteMaxLength` characters. */
  noteLabel?: string;
  noteMaxLength?: number;
}

export function PauseButton(props: PauseButtonProps): React.ReactElement {
  const {
    label,
    busyLabel,
    onPause,
    disabled,
    unavailableReason,
    focusAfter,
    size = 'small',
    reasons,
  } = props;
  if (reasons && reasons.length > 0) return <PauseWithReasonMenu {...props} reasons={reasons} size={size} />;
  return (
    <AsyncActionButton
      label={label}
      busyLabel={busyLabel}
      action={() => onPause()}
      disabled={disabled}
      unavailableReason={unavailableReason}
      variant="secondary"
      size={size}
      focusAfter={focusAfter}
      element={PAUSE_BUTTON_ELEMENT}
    />
  );
}

/**
 * Pause with the admin's reasons: the button opens a small menu (WAI-ARIA menu button pattern, drawn with Paste's
 * Box and tokens: Paste's Menu would bring reakit's menu and popper.js into the bundle, about 10 KB gzipped). Arrow
 * keys move between reasons, Enter or a click picks one and pauses, Escape closes it and gives focus back to the
 * button; leaving it with Tab or a click elsewhere closes it too.
 */
function PauseWithReasonMenu({
  label,
  busyLabel,
  onPause,
  disabled = false,
  unavailableReason,
  focusAfter,
  size,
  reasons,
  reasonMenuLabel,
  noteLabel,
  noteMaxLength,
}: PauseButtonProps & { reasons: readonly PauseReasonOption[] }): React.ReactElement {
  const [open, setOpen] = React.useState(false);
  const [note, setNote] = React.useState('');
  const button = React.useRef<HTMLButtonElement>(null);
  const popup = React.useRef<HTMLDivElement>(null);
  const items = React.useRef<Array<HTMLButtonElement | null>>([]);
  const picked = React.useRef<PickedPauseReason | undefined>(undefined);
  const menuId = `leave-pause-reasons-${useUID()}`;
  const noteId = `leave-pause-reason-note-${useUID()}`;
  const reasonId = useUID();
  const { busy, run } = useAsyncAction(() => onPause(picked.current), {
    onSuccess: () => {
      setNote('');
      if (focusAfter && focusIsLost(document, button.current)) moveFocus(focusAfter);
    },
    onFailure: () => {
      if (button.current && focusIsLost(document)) button.current.focus();
    },
  });

  React.useEffect(() => {
    if (open) items.current[0]?.focus();
  }, [open]);

  const close = (giveFocusBack: boolean) => {
    setOpen(false);
    if (giveFocusBack) button.current?.focus();
  };
  const pick = (code: string) => {
    const text = note.trim();
    picked.current = text && noteLabel ? { code, note: text } : { code };
    close(true);
    run();
  };
  const moveTo = (index: number) => {
    const count = reasons.length;
    items.current[((index % count) + count) % count]?.focus();
  };
  const onMenuKeyDown = (event: React.KeyboardEvent<HTMLElement>) => {
    const current = items.current.indexOf(event.target as HTMLButtonElement);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: reasons.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]);
    }
  };
  const onPopupKeyDown = (event: React.KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }
  };
  const onPopupBlur = (event: React.FocusEvent<HTMLElement>) => {
    const next = event.relatedTarget as Node | null;
    // Focus going elsewhere on the page closes the menu; inside it (the note, another reason) it stays open.
    if (next && !popup.current?.contains(next) && next !== button.current) close(false);
  };
  const unavailable = unavailableReason !== undefined;

  return (
    <Box position="relative" display="inline-block">
      <Button
        ref={button}
        variant="secondary"
        size={size}
        element={PAUSE_BUTTON_ELEMENT}
        disabled={disabled || busy || unavailable}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-describedby={unavailable ? reasonId : undefined}
        title={unavailableReason}
        onClick={() => (open ? close(false) : setOpen(true))}
        onKeyDown={(event: React.KeyboardEvent<HTMLButtonElement>) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {busy ? busyLabel : label}
      </Button>
      {unavailable ? (
        <Box as="span" id={reasonId} display="none">
          {unavailableReason}
        </Box>
      ) : null}
      {open ? (
        <Box
          ref={popup}
          position="absolute"
          top="100%"
          left={0}
          marginTop="space20"
          zIndex="zIndex90"
          minWidth="size30"
          padding="space30"
          backgroundColor="colorBackgroundBody"
          color="colorText"
          borderStyle="solid"
          borderWidth="borderWidth10"
          borderColor="colorBorderWeaker"
          borderRadius="borderRadius20"
          boxShadow="shadow"
          element={PAUSE_REASON_MENU_ELEMENT}
          onKeyDown={onPopupKeyDown}
          onBlur={onPopupBlur}
        >
          <Box
            as="ul"
            role="menu"
            id={menuId}
            aria-label={reasonMenuLabel ?? label}
            margin="space0"
            padding="space0"
            listStyleType="none"
            onKeyDown={onMenuKeyDown}
          >
            {reasons.map((reason, index) => (
              <Box as="li" role="none" key={reason.code}>
                <Box
                  as="button"
                  type="button"
                  role="menuitem"
                  ref={(element: HTMLButtonElement | null) => {
                    items.current[index] = element;
                  }}
                  tabIndex={-1}
                  data-reason-code={reason.code}
                  element={`${PAUSE_REASON_MENU_ELEMENT}_ITEM`}
                  display="block"
                  width="100%"
                  textAlign="left"
                  paddingX="space30"
                  paddingY="space20"
                  fontFamily="fontFamilyText"
                  fontSize="fontSize30"
                  lineHeight="lineHeight30"
                  color="colorText"
                  backgroundColor="colorBackgroundBody"
                  borderStyle="none"
                  borderRadius="borderRadius20"
                  cursor="pointer"
                  _hover={{ backgroundColor: 'colorBackgroundPrimaryWeakest' }}
                  _focus={{
                    outline: 'none',
                    boxShadow: 'shadowFocus',
                    backgroundColor: 'colorBackgroundPrimaryWeakest',
                  }}
                  onClick={() => pick(reason.code)}
                >
                  {reason.label}
                </Box>
              </Box>
            ))}
          </Box>
          {noteLabel ? (
            <Box marginTop="space30" display="flex" flexDirection="column" rowGap="space10">
              <Label htmlFor={noteId} marginBottom="space0">
                {noteLabel}
              </Label>
              <Input
                type="text"
                id={noteId}
                value={note}
                maxLength={noteMaxLength}
                element={`${PAUSE_REASON_MENU_ELEMENT}_NOTE`}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setNote(event.target.value)}
                onKeyDown={(event: React.KeyboardEvent<HTMLInputElement>) => {
                  if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
                    event.preventDefault();
                    moveTo(event.key === 'ArrowDown' ? 0 : reasons.length - 1);
                  }
                }}
              />
            </Box>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
