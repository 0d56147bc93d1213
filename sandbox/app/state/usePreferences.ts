/** The desk's own choices (language, theme, agent played), remembered across reloads. */
import { useEffect, useState } from 'react';
import type { ThemeName } from '../theme';
import { stored } from './stored';

export type Language = 'en' | 'es';

export function usePreferences(workerSids: string[]) {
  const [language, setLanguage] = useState<Language>(() => stored('desk.language', ['en', 'es'], 'en'));
  const [themeName, setThemeName] = useState<ThemeName>(() =>
    stored('desk.theme', ['light', 'dark'], 'light'),
  );
  const [me, setMe] = useState<string>(() => stored('desk.agent', workerSids, workerSids[0]));

  useEffect(() => {
    document.documentElement.lang = language;
    window.localStorage.setItem('desk.language', language);
  }, [language]);
  useEffect(() => window.localStorage.setItem('desk.theme', themeName), [themeName]);
  useEffect(() => window.localStorage.setItem('desk.agent', me), [me]);

  return { language, setLanguage, themeName, setThemeName, me, setMe };
}
