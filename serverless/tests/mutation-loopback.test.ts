import { isLoopbackUrl } from '../src/lib/loopback';

/*
 * Which base URLs count as this machine (issue 20): the Functions send Twilio's requests, with the account's
 * credentials, to TWILIO_API_BASE_URL only when it is one, and only when they run locally. Anything else
 * must be refused, so a typo or a crafted value cannot send the credentials elsewhere.
 */
describe('a loopback URL', () => {
  it.each([
    'http://127.0.0.1:3001',
    'https://127.0.0.1:3001',
    'http://localhost:3001/',
    'http://[::1]:3001',
    'http://127.0.0.1:3001/some/path',
  ])('%s is one', (value) => {
    expect(isLoopbackUrl(value)).toBe(true);
  });

  it.each([
    ['text that is no URL', '127.0.0.1:3001 and more'],
    ['an empty value', ''],
    ['another scheme', 'ftp://127.0.0.1:3001'],
    ['a file', 'file://localhost/etc/passwd'],
    ['another host', 'http://127.0.0.2:3001'],
    ['a name that starts like it', 'http://localhost.example.com:3001'],
    ['a user in it', 'http://someone@127.0.0.1:3001'],
    ['a password in it', 'http://:secret@127.0.0.1:3001'],
    ['a query', 'http://127.0.0.1:3001/?to=elsewhere'],
    ['a fragment', 'http://127.0.0.1:3001/#part'],
  ])('%s is not (%s)', (_what, value) => {
    expect(isLoopbackUrl(value)).toBe(false);
  });
});
