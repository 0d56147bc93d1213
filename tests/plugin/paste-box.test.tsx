/**
 * src/components/pasteForm.tsx stands in for Paste's Label, Input, Select and Option (and the input box and
 * media object they draw with), src/components/paste.tsx for its Badge and ScreenReaderOnly, to keep their pre-bundled copies of
 * Box's machinery out of the plugin bundle (tests/plugin/paste.test.tsx holds paste.tsx's other parts).
 * These tests hold them to Paste's look: the same markup (elements, attributes, `data-paste-element` names,
 * words), the same computed styles and the same style rules, pseudo-classes included (hover, focus within,
 * placeholder, disabled), as the real components of the same Paste version in both of Flex's base themes,
 * and no axe violations.
 */
import * as React from 'react';
import { fireEvent } from '@testing-library/react';
import { axe } from 'jest-axe';
import { Badge as PasteBadge } from '@twilio-paste/core/badge';
import { HistoryIcon } from '@twilio-paste/icons/esm/HistoryIcon';
import { Input as PasteInput } from '@twilio-paste/core/input';
import { Label as PasteLabel } from '@twilio-paste/core/label';
import { ScreenReaderOnly as PasteScreenReaderOnly } from '@twilio-paste/core/screen-reader-only';
import { Option as PasteOption, Select as PasteSelect } from '@twilio-paste/core/select';

import { Badge, ScreenReaderOnly } from '../../src/components/paste';
import * as Light from '../../src/components/pasteForm';
import { FLEX_THEMES, renderThemed } from './theme';

type Theme = (typeof FLEX_THEMES)[number][1];

/** The properties Paste's form components set, read back as the browser would compute them. */
const STYLE_PROPERTIES = [
  'margin-top',
  'margin-bottom',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'color',
  'background-color',
  'box-shadow',
  'border-radius',
  'border-top-style',
  'border-bottom-width',
  'font-family',
  'font-size',
  'font-weight',
  'line-height',
  'display',
  'position',
  'width',
  'cursor',
  'appearance',
  'outline',
  'transition',
  'pointer-events',
  'transform',
  'z-index',
  'right',
  'top',
  'flex',
  'min-width',
  'align-items',
  'column-gap',
  'clip',
  'overflow',
  'white-space',
  'height',
  'max-width',
];

/**
 * Every rule that styles an element through one of its emotion classes, as written (class names blanked):
 * jsdom never hovers, focuses or shows a placeholder, so the pseudo-class rules are compared as text.
 */
function rulesOf(node: Element): string[] {
  const classes = Array.from(node.classList).filter((name) => name.startsWith('css-'));
  const rules: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (!(rule instanceof CSSStyleRule)) continue;
      if (classes.some((name) => rule.selectorText.includes(`.${name}`))) {
        rules.push(`${rule.selectorText.replace(/\.css-[\w-]+/g, '.class')} {${rule.style.cssText}}`);
      }
    }
  }
  return rules.sort();
}

interface Look {
  tag: string;
  element: string | null;
  styles: Record<string, string>;
  rules: string[];
}

function looks(root: Element): Look[] {
  return Array.from(root.querySelectorAll('*')).map((node) => {
    const computed = window.getComputedStyle(node);
    return {
      tag: node.tagName.toLowerCase(),
      element: node.getAttribute('data-paste-element'),
      styles: Object.fromEntries(STYLE_PROPERTIES.map((name) => [name, computed.getPropertyValue(name)])),
      rules: rulesOf(node),
    };
  });
}

/** Markup without emotion's classes, generated ids (the icon's title) numbered in order of appearance. */
function markupOf(root: Element): string {
  const ids = new Map<string, string>();
  return root.innerHTML
    .replace(/ class="[^"]*"/g, '')
    .replace(/(id|aria-labelledby)="([^"]*)"/g, (_match, name: string, value: string) => {
      if (!ids.has(value)) ids.set(value, `id${ids.size}`);
      return `${name}="${ids.get(value)}"`;
    });
}

/** The look and the markup of what `ui` renders in `theme`. */
function rendered(ui: React.ReactElement, theme: Theme): { look: Look[]; markup: string } {
  const { container, unmount } = renderThemed(<div data-testid="root">{ui}</div>, theme);
  const root = container.querySelector('[data-testid="root"]');
  if (!root) throw new Error('nothing rendered');
  const result = { look: looks(root), markup: markupOf(root) };
  unmount();
  return result;
}

const ignore = () => undefined;

function select(kit: { Select: typeof Light.Select; Option: typeof Light.Option }, disabled = false) {
  const { Select, Option } = kit;
  return (
    <Select id="agent-filter" value="ana" onChange={ignore} disabled={disabled}>
      <Option value="">All</Option>
      <Option value="ana">Ana</Option>
      <Option value="bo">Bo</Option>
    </Select>
  );
}

const PASTE_SELECT = {
  Select: PasteSelect as unknown as typeof Light.Select,
  Option: PasteOption as unknown as typeof Light.Option,
};

const PAIRS: Array<[name: string, ours: React.ReactElement, paste: React.ReactElement]> = [
  [
    'Label',
    <Light.Label key="ours" htmlFor="note">
      Note
    </Light.Label>,
    <PasteLabel key="paste" htmlFor="note">
      Note
    </PasteLabel>,
  ],
  [
    'Label without its margin',
    <Light.Label key="ours" htmlFor="note" marginBottom="space0">
      Note
    </Light.Label>,
    <PasteLabel key="paste" htmlFor="note" marginBottom="space0">
      Note
    </PasteLabel>,
  ],
  [
    'Input as the reason note uses it',
    <Light.Input
      key="ours"
      type="text"
      id="note"
      value="invoice"
      maxLength={200}
      element="LEAVE_PAUSE_REASON_MENU_NOTE"
      onChange={ignore}
      onKeyDown={ignore}
    />,
    <PasteInput
      key="paste"
      type="text"
      id="note"
      value="invoice"
      maxLength={200}
      element="LEAVE_PAUSE_REASON_MENU_NOTE"
      onChange={ignore}
      onKeyDown={ignore}
    />,
  ],
  [
    'Input with a placeholder, read only',
    <Light.Input key="ours" type="text" id="n" placeholder="Optional" readOnly value="" onChange={ignore} />,
    <PasteInput key="paste" type="text" id="n" placeholder="Optional" readOnly value="" onChange={ignore} />,
  ],
  [
    'Input, disabled',
    <Light.Input key="ours" type="text" id="n" disabled value="x" onChange={ignore} />,
    <PasteInput key="paste" type="text" id="n" disabled value="x" onChange={ignore} />,
  ],
  ['Select with options', select(Light), select(PASTE_SELECT)],
  ...(['neutral', 'warning', 'error'] as const).map(
    (variant): [string, React.ReactElement, React.ReactElement] => [
      `Badge ${variant} with the countdown's icon, focusable`,
      // Paste's Badge sizes an icon child to sizeIcon10 itself; ours is given the size.
      <Badge key="ours" as="span" variant={variant} element="COUNTDOWN" data-look={variant} tabIndex={0}>
        <HistoryIcon decorative element="COUNTDOWN_ICON" size="sizeIcon10" />
        <span>2 days left</span>
      </Badge>,
      <PasteBadge
        key="paste"
        as="span"
        variant={variant}
        element="COUNTDOWN"
        data-look={variant}
        tabIndex={0}
      >
        <HistoryIcon decorative element="COUNTDOWN_ICON" />
        <span>2 days left</span>
      </PasteBadge>,
    ],
  ),
  [
    'ScreenReaderOnly as the countdown announcer',
    <ScreenReaderOnly key="ours" aria-live="polite" data-paste-element="ANNOUNCER">
      Goes back to the queue within the hour
    </ScreenReaderOnly>,
    <PasteScreenReaderOnly key="paste" aria-live="polite" data-paste-element="ANNOUNCER">
      Goes back to the queue within the hour
    </PasteScreenReaderOnly>,
  ],
  [
    'ScreenReaderOnly',
    <ScreenReaderOnly key="ours">3 new messages</ScreenReaderOnly>,
    <PasteScreenReaderOnly key="paste">3 new messages</PasteScreenReaderOnly>,
  ],
  [
    'Badge new, as the unread count',
    <Badge key="ours" as="span" variant="new" element="UNREAD">
      <span aria-hidden="true" title="3 new messages">
        3
      </span>
    </Badge>,
    <PasteBadge key="paste" as="span" variant="new" element="UNREAD">
      <span aria-hidden="true" title="3 new messages">
        3
      </span>
    </PasteBadge>,
  ],
  ['Select, disabled', select(Light, true), select(PASTE_SELECT, true)],
];

describe.each(FLEX_THEMES)(
  "Paste's form controls and badge without Paste's packages, %s theme",
  (_name, theme) => {
    it.each(PAIRS)('%s matches Paste', (_label, ours, paste) => {
      const expected = rendered(paste, theme);
      // Paste's components do style something, so an empty look on both sides cannot pass for a match.
      expect(expected.look.some((look) => look.rules.some((rule) => rule.startsWith('.class {')))).toBe(true);
      const actual = rendered(ours, theme);
      expect(actual.look).toEqual(expected.look);
      expect(actual.markup).toBe(expected.markup);
    });

    it('a label names its field and the controls work as native ones, with no axe violations', async () => {
      const changes: string[] = [];
      const { container, getByLabelText } = renderThemed(
        <div>
          <Light.Label htmlFor="note">Note</Light.Label>
          <Light.Input
            type="text"
            id="note"
            value=""
            onChange={(event) => changes.push(event.target.value)}
          />
          <Light.Label htmlFor="agent">Agent</Light.Label>
          <Light.Select id="agent" value="" onChange={(event) => changes.push(event.target.value)}>
            <Light.Option value="">All</Light.Option>
            <Light.Option value="ana">Ana</Light.Option>
          </Light.Select>
        </div>,
        theme,
      );
      fireEvent.change(getByLabelText('Note'), { target: { value: 'invoice' } });
      fireEvent.change(getByLabelText('Agent'), { target: { value: 'ana' } });
      expect(changes).toEqual(['invoice', 'ana']);
      expect(await axe(container)).toHaveNoViolations();
    });
  },
);
