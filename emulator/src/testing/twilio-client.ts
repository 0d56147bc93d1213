import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/**
 * A twilio-node RequestClient that sends https://<sub>.twilio.com/... to `${baseUrl}/<sub>/...`,
 * so the real client library can be exercised against the emulator.
 */
export class EmulatorRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = opts.uri.replace(
      /^https:\/\/([a-z0-9-]+)\.twilio\.com/,
      (_m, sub: string) => `${this.baseUrl}/${sub}`,
    );
    return super.request({ ...opts, uri });
  }
}

export function createEmulatorTwilioClient(
  baseUrl: string,
  accountSid: string,
  authToken: string,
): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new EmulatorRequestClient(baseUrl.replace(/\/$/, '')) });
}
