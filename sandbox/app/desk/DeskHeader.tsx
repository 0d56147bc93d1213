/**
 * The desk's top bar, as Flex's: the agent played, their availability and capacity in use, Twilio's clock,
 * and the desk's language and theme.
 */
import React from 'react';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Checkbox } from '@twilio-paste/core/checkbox';
import { Heading } from '@twilio-paste/core/heading';
import { Label } from '@twilio-paste/core/label';
import { Option, Select } from '@twilio-paste/core/select';
import { Text } from '@twilio-paste/core/text';
import { DarkModeIcon } from '@twilio-paste/icons/esm/DarkModeIcon';
import { LightModeIcon } from '@twilio-paste/icons/esm/LightModeIcon';
import { formatDateTime } from '../../../src/time';
import { sandboxApi } from '../api';
import type { Language } from '../state/usePreferences';
import type { ThemeName } from '../theme';
import type { Ctx } from './ctx';

export function DeskHeader({
  ctx,
  onPlay,
  language,
  onLanguage,
  themeName,
  onTheme,
  onError,
}: {
  ctx: Ctx;
  onPlay: (workerSid: string) => void;
  language: Language;
  onLanguage: (language: Language) => void;
  themeName: ThemeName;
  onTheme: (themeName: ThemeName) => void;
  onError: (error: unknown) => void;
}) {
  const { view, me, d, locale } = ctx;
  const worker = view.workers.find((candidate) => candidate.sid === me);
  return (
    <Box
      as="header"
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      columnGap="space50"
      rowGap="space30"
      paddingX="space50"
      paddingY="space30"
      backgroundColor="colorBackgroundBrandStrong"
    >
      <Heading as="h1" variant="heading40" marginBottom="space0">
        <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap">
          {d.title}
        </Text>
      </Heading>
      <Box display="flex" alignItems="center" columnGap="space30">
        <Label htmlFor="play-agent" marginBottom="space0">
          <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap">
            {d.playAgent}
          </Text>
        </Label>
        <Select id="play-agent" value={me} onChange={(event) => onPlay(event.target.value)}>
          {view.workers.map((candidate) => (
            <Option key={candidate.sid} value={candidate.sid}>
              {candidate.name}
            </Option>
          ))}
        </Select>
      </Box>
      <Box
        data-testid="availability"
        data-available={worker?.available ? 'yes' : 'no'}
        backgroundColor="colorBackgroundBody"
        paddingX="space30"
        paddingY="space20"
        borderRadius="borderRadius20"
      >
        <Checkbox
          id="agent-available"
          checked={!!worker?.available}
          onChange={(event) => void sandboxApi.setAvailable(me, event.target.checked).catch(onError)}
        >
          {d.available}
        </Checkbox>
      </Box>
      <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap" fontSize="fontSize20">
        {d.capacity}:{' '}
        <span data-testid="capacity">
          {worker?.channels
            .filter((channel) => channel.used > 0 || channel.name === 'chat')
            .map((channel) => `${channel.name} ${channel.used}/${channel.capacity}`)
            .join(', ')}
        </span>
      </Text>
      <Box flexGrow={1} />
      <Text
        as="span"
        color="colorTextBrandInverse"
        whiteSpace="nowrap"
        fontSize="fontSize20"
        data-testid="clock"
        data-now={view.now}
      >
        {d.clock}: {formatDateTime(new Date(view.now), locale)}
      </Text>
      <Box display="flex" alignItems="center" columnGap="space20">
        <Label htmlFor="desk-language" marginBottom="space0">
          <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap">
            {d.language}
          </Text>
        </Label>
        <Select
          id="desk-language"
          value={language}
          onChange={(event) => onLanguage(event.target.value as Language)}
        >
          <Option value="en">English</Option>
          <Option value="es">Español</Option>
        </Select>
      </Box>
      <Button
        variant="inverse"
        size="small"
        aria-pressed={themeName === 'dark'}
        onClick={() => onTheme(themeName === 'dark' ? 'light' : 'dark')}
      >
        {themeName === 'dark' ? <LightModeIcon decorative /> : <DarkModeIcon decorative />}
        {d.themeDark}
      </Button>
    </Box>
  );
}
