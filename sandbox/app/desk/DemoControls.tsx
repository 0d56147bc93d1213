/**
 * What a demo needs beside the two sides: who gets the next conversation, where a reply after Leave goes, and
 * moving Twilio's clock (jumps that follow one paused conversation, or a number of seconds).
 */
import React, { useState } from 'react';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Card } from '@twilio-paste/core/card';
import { Heading } from '@twilio-paste/core/heading';
import { Input } from '@twilio-paste/core/input';
import { Label } from '@twilio-paste/core/label';
import { Option, Select } from '@twilio-paste/core/select';
import { Stack } from '@twilio-paste/core/stack';
import { Text } from '@twilio-paste/core/text';
import { template } from '../../../src/strings';
import { sandboxApi, type JumpTarget, type LeaveRoutingKind } from '../api';
import type { Ctx } from './ctx';
import { ReturnToQueueAdmin } from './ReturnToQueueEvidence';

export function DemoControls({
  ctx,
  jumpFor,
  onError,
}: {
  ctx: Ctx;
  jumpFor: { conversationSid: string; customerName: string } | undefined;
  onError: (error: unknown) => void;
}) {
  const { view, d } = ctx;
  const [seconds, setSeconds] = useState('3600');
  const act = (run: () => Promise<unknown>) => void run().catch(onError);
  /**
   * A jump moves the one shared clock (Twilio's): every other paused conversation moves with it. Before a jump
   * that would take another past its limit, the desk names them and asks; a person expects a demo jump to touch
   * only the conversation it follows, so it never does that silently.
   */
  const [armed, setArmed] = useState<{ to: JumpTarget; customers: string[] } | null>(null);
  const JUMP_OFFSETS_MS: Record<JumpTarget, number> = { '24h': -24 * 3600_000, '1h': -3600_000, past: 1000 };
  const wouldExpire = (to: JumpTarget): string[] => {
    const followed = view.conversations.find((c) => c.sid === jumpFor?.conversationSid);
    const deadline = Date.parse(followed?.statusTimeout ?? '');
    if (Number.isNaN(deadline)) return [];
    const clockAfter = deadline + JUMP_OFFSETS_MS[to];
    return view.conversations
      .filter((c) => c.sid !== followed?.sid && c.channelStatus === 'pause' && c.statusTimeout)
      .filter((c) => Date.parse(c.statusTimeout ?? '') <= clockAfter)
      .map((c) => c.customerName);
  };
  const jumpNow = (to: JumpTarget) => {
    setArmed(null);
    act(() => sandboxApi.jump(to, jumpFor?.conversationSid));
  };
  const jump = (to: JumpTarget) => {
    const customers = wouldExpire(to);
    if (customers.length > 0) setArmed({ to, customers });
    else jumpNow(to);
  };
  return (
    <Card padding="space50">
      <Box as="section" aria-labelledby="demo-heading">
        <Heading as="h2" variant="heading50" id="demo-heading">
          {d.demo}
        </Heading>
        <Stack orientation="vertical" spacing="space40">
          {/* Pause reasons (issue 18): what `npm run configure` would write, then a reload as in Flex. */}
          <Box as="section" aria-label={d.adminReasons}>
            <Text as="p" fontWeight="fontWeightSemibold">
              {d.adminReasons}
            </Text>
            <Button
              variant="secondary"
              size="small"
              onClick={() =>
                act(async () => {
                  await sandboxApi.setPauseReasons(!(ctx.config.pauseReasons ?? []).length);
                  window.location.reload();
                })
              }
            >
              {(ctx.config.pauseReasons ?? []).length ? d.adminReasonsOff : d.adminReasonsOn}
            </Button>
            <Text as="p" fontSize="fontSize20" color="colorTextWeak">
              {d.adminReasonsHint}
            </Text>
          </Box>
          {/* Return to the queue (issue 18): its evidence from the emulator, as an admin gets it from Twilio. */}
          <ReturnToQueueAdmin ctx={ctx} onError={onError} />
          <Box>
            <Label htmlFor="next-agent">{d.nextAgent}</Label>
            <Select
              id="next-agent"
              value={view.nextAgentSid ?? ''}
              onChange={(event) => act(() => sandboxApi.setNextAgent(event.target.value || null))}
            >
              <Option value="">{d.anyone}</Option>
              {view.workers.map((worker) => (
                <Option key={worker.sid} value={worker.sid}>
                  {worker.name}
                </Option>
              ))}
            </Select>
          </Box>
          <Box>
            <Label htmlFor="leave-routing">{d.leaveRouting}</Label>
            <Select
              id="leave-routing"
              value={view.leaveRouting}
              onChange={(event) =>
                act(() => sandboxApi.setLeaveRouting(event.target.value as LeaveRoutingKind))
              }
            >
              <Option value="default">{d.leaveRoutingDefault}</Option>
              <Option value="studio">{d.leaveRoutingStudio}</Option>
              <Option value="interactions-webhook">{d.leaveRoutingWebhook}</Option>
            </Select>
          </Box>
          <Box>
            <Text as="p" color="colorTextWeak" marginBottom="space20" data-testid="jump-target">
              {jumpFor ? template(d.jumpFor, { customer: jumpFor.customerName }) : d.jumpNone}
            </Text>
            <Box display="flex" flexWrap="wrap" columnGap="space30" rowGap="space30">
              <Button variant="secondary" size="small" disabled={!jumpFor} onClick={() => jump('24h')}>
                {d.jump24h}
              </Button>
              <Button variant="secondary" size="small" disabled={!jumpFor} onClick={() => jump('1h')}>
                {d.jump1h}
              </Button>
              <Button variant="secondary" size="small" disabled={!jumpFor} onClick={() => jump('past')}>
                {d.jumpPast}
              </Button>
            </Box>
            {armed ? (
              <Box marginTop="space30" data-testid="jump-warning">
                <Alert variant="warning">
                  <Text as="p">{template(d.jumpWouldExpire, { customers: armed.customers.join(', ') })}</Text>
                  <Box display="flex" columnGap="space30" marginTop="space20">
                    <Button variant="destructive" size="small" onClick={() => jumpNow(armed.to)}>
                      {d.jumpAnyway}
                    </Button>
                    <Button variant="secondary" size="small" onClick={() => setArmed(null)}>
                      {d.cancel}
                    </Button>
                  </Box>
                </Alert>
              </Box>
            ) : null}
          </Box>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              act(() => sandboxApi.advanceClock(Number(seconds)));
            }}
          >
            <Box display="flex" columnGap="space30" alignItems="flex-end">
              <Box flexGrow={1}>
                <Label htmlFor="advance-seconds">{d.advanceBy}</Label>
                <Input
                  id="advance-seconds"
                  type="number"
                  min="1"
                  value={seconds}
                  onChange={(event) => setSeconds(event.target.value)}
                />
              </Box>
              <Button type="submit" variant="secondary">
                {d.advance}
              </Button>
            </Box>
          </form>
        </Stack>
      </Box>
    </Card>
  );
}
