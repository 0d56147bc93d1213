// The middleware @twilio/runtime-handler's local server uses, typed as far as the test harness needs.
declare module 'cookie-parser' {
  import type { RequestHandler } from 'express';
  export default function cookieParser(): RequestHandler;
}

declare module 'express-useragent' {
  import type { RequestHandler } from 'express';
  const useragent: { express(): RequestHandler };
  export default useragent;
}
