/**
 * src/components/paste.tsx stands in for Paste's Text, Heading, Paragraph and Table to keep their
 * pre-bundled copies of Box's machinery out of the plugin bundle. These tests hold it to Paste's look: the
 * same element, `data-paste-element` name and computed styles as the real component (the same Paste
 * version, in both of Flex's base themes), and no axe violations.
 */
import * as React from 'react';
import { axe } from 'jest-axe';
import { Alert as PasteAlert } from '@twilio-paste/core/alert';
import { Heading as PasteHeading } from '@twilio-paste/core/heading';
import { Paragraph as PasteParagraph } from '@twilio-paste/core/paragraph';
import * as PasteTable from '@twilio-paste/core/table';
import { Text as PasteText } from '@twilio-paste/core/text';

import * as Light from '../../src/components/paste';
import { FLEX_THEMES, renderThemed } from './theme';

/** The properties Paste's components set, read back as the browser would compute them. */
const STYLE_PROPERTIES = [
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'color',
  'background-color',
  'font-size',
  'font-weight',
  'font-style',
  'line-height',
  'display',
  'text-align',
  'vertical-align',
  'position',
  'width',
  'table-layout',
  'border-collapse',
  'border-spacing',
  'border-top-width',
  'border-bottom-width',
  'border-left-width',
  'border-right-width',
  'border-top-style',
  'border-bottom-style',
  'border-bottom-color',
  'border-top-color',
  'word-wrap',
];

type Look = {
  tag: string;
  element: string | null;
  styles: Record<string, string>;
  contextualRules: string[];
};

/**
 * The rules that reach an element through a combinator or a pseudo-class (Paste's THead styles its header
 * cells, TBody its last row, Tr its even rows), with emotion's class names blanked: jsdom's computed style
 * does not weigh their specificity against the element's own class, so they are compared as written.
 */
function contextualRules(node: Element): string[] {
  const matching: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (!(rule instanceof CSSStyleRule) || !/[>:]/.test(rule.selectorText)) continue;
      if (node.matches(rule.selectorText)) {
        matching.push(`${rule.selectorText.replace(/\.css-[\w-]+/g, '.class')} {${rule.style.cssText}}`);
      }
    }
  }
  return matching.sort();
}

/** Every element under `root` (in document order): its tag, Paste element name and styles. */
function looks(root: Element): Look[] {
  return [root, ...Array.from(root.querySelectorAll('*'))].map((node) => {
    const computed = window.getComputedStyle(node);
    return {
      tag: node.tagName.toLowerCase(),
      element: node.getAttribute('data-paste-element'),
      styles: Object.fromEntries(STYLE_PROPERTIES.map((name) => [name, computed.getPropertyValue(name)])),
      contextualRules: contextualRules(node),
    };
  });
}

function lookOf(ui: React.ReactElement, theme: (typeof FLEX_THEMES)[number][1]): Look[] {
  const { container, unmount } = renderThemed(<div data-testid="root">{ui}</div>, theme);
  const root = container.querySelector('[data-testid="root"]');
  if (!root) throw new Error('nothing rendered');
  const result = looks(root);
  unmount();
  return result;
}

function table(kit: typeof Light | typeof PasteTable) {
  const { Table, THead, TBody, Tr, Th, Td } = kit;
  return (
    <Table aria-label="Paused work">
      <THead>
        <Tr>
          <Th scope="col">Customer</Th>
          <Th scope="col">Channel</Th>
        </Tr>
      </THead>
      <TBody>
        <Tr>
          <Th scope="row">Ana</Th>
          <Td>Chat</Td>
        </Tr>
        <Tr>
          <Th scope="row">Bo</Th>
          <Td>SMS</Td>
        </Tr>
      </TBody>
    </Table>
  );
}

const PAIRS: Array<[name: string, ours: React.ReactElement, paste: React.ReactElement]> = [
  [
    'Text',
    <Light.Text key="ours" as="div">
      Hello
    </Light.Text>,
    <PasteText key="paste" as="div">
      Hello
    </PasteText>,
  ],
  [
    'Text as a span with style props',
    <Light.Text key="ours" as="span" fontSize="fontSize20" color="colorTextWeak" fontStyle="italic">
      soon
    </Light.Text>,
    <PasteText key="paste" as="span" fontSize="fontSize20" color="colorTextWeak" fontStyle="italic">
      soon
    </PasteText>,
  ],
  [
    'Text with a weight, as a block',
    <Light.Text key="ours" as="span" display="block" fontWeight="fontWeightSemibold">
      Paused
    </Light.Text>,
    <PasteText key="paste" as="span" display="block" fontWeight="fontWeightSemibold">
      Paused
    </PasteText>,
  ],
  ...(['heading10', 'heading20', 'heading30', 'heading40', 'heading50', 'heading60'] as const).map(
    (variant): [string, React.ReactElement, React.ReactElement] => [
      `Heading ${variant}`,
      <Light.Heading key="ours" as="h2" variant={variant}>
        Paused work
      </Light.Heading>,
      <PasteHeading key="paste" as="h2" variant={variant}>
        Paused work
      </PasteHeading>,
    ],
  ),
  [
    'Heading without its margin',
    <Light.Heading key="ours" as="h3" variant="heading30" marginBottom="space0">
      Paused work
    </Light.Heading>,
    <PasteHeading key="paste" as="h3" variant="heading30" marginBottom="space0">
      Paused work
    </PasteHeading>,
  ],
  [
    'Paragraph',
    <Light.Paragraph key="ours">None</Light.Paragraph>,
    <PasteParagraph key="paste">None</PasteParagraph>,
  ],
  [
    'Paragraph without its margin',
    <Light.Paragraph key="ours" marginBottom="space0">
      None
    </Light.Paragraph>,
    <PasteParagraph key="paste" marginBottom="space0">
      None
    </PasteParagraph>,
  ],
  ['Table', table(Light), table(PasteTable)],
  [
    'Alert, neutral, focusable by script',
    <Light.Alert key="ours" variant="neutral" i18nNeutralLabel="(información)" tabIndex={-1}>
      Paused
    </Light.Alert>,
    <PasteAlert key="paste" variant="neutral" i18nNeutralLabel="(información)" {...{ tabIndex: -1 }}>
      Paused
    </PasteAlert>,
  ],
  [
    'Alert, error',
    <Light.Alert key="ours" variant="error" i18nErrorLabel="(error)">
      Could not load
    </Light.Alert>,
    <PasteAlert key="paste" variant="error" i18nErrorLabel="(error)">
      Could not load
    </PasteAlert>,
  ],
];

/** The markup without emotion's classes and with generated ids numbered in order of appearance. */
function markupOf(ui: React.ReactElement, theme: (typeof FLEX_THEMES)[number][1]): string {
  const { container, unmount } = renderThemed(ui, theme);
  const ids = new Map<string, string>();
  const html = container.innerHTML
    .replace(/ class="[^"]*"/g, '')
    .replace(/(id|aria-labelledby)="([^"]*)"/g, (_match, name: string, value: string) => {
      if (!ids.has(value)) ids.set(value, `id${ids.size}`);
      return `${name}="${ids.get(value)}"`;
    });
  unmount();
  return html;
}

describe.each(FLEX_THEMES)("Paste's look without Paste's packages, %s theme", (_name, theme) => {
  it.each(PAIRS)('%s matches Paste', (_label, ours, paste) => {
    const expected = lookOf(paste, theme);
    expect(expected.length).toBeGreaterThan(1);
    // Paste's components do style something, so an empty look on both sides cannot pass for a match.
    const styled = (look: Look) =>
      ['font-size', 'padding-top', 'border-bottom-width'].some(
        (name) => !['', '0px'].includes(look.styles[name] ?? ''),
      );
    expect(expected.some(styled)).toBe(true);
    expect(lookOf(ours, theme)).toEqual(expected);
    // The same elements, attributes (roles, labels, Paste element names) and words.
    expect(markupOf(ours, theme)).toBe(markupOf(paste, theme));
  });

  it('the table has no axe violations', async () => {
    const { container } = renderThemed(table(Light), theme);
    expect(await axe(container)).toHaveNoViolations();
  });
});
