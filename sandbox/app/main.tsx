/**
 * The sandbox page's entry: waits for the first pushed state and the sandbox's configuration, then shows the
 * desk (desk/Desk.tsx). The pieces of the desk are in desk/ (what is shown) and state/ (what it is derived
 * from); data flows one way, from the pushed state through state/ into desk/'s props.
 */
import React, { useEffect, useState } from 'react';
import ReactDOM from 'react-dom';
import { LeavePauseThemeProvider } from '../../src/components';
import { sandboxApi, type SandboxConfig } from './api';
import { Desk } from './desk/Desk';
import { useLiveView } from './live';
import { DESK_STRINGS } from './strings';

function App() {
  const { view, connected, reread } = useLiveView();
  const [config, setConfig] = useState<SandboxConfig | null>(null);
  useEffect(() => {
    void sandboxApi.config().then(setConfig);
  }, []);
  if (!view || !config) {
    return <p>{DESK_STRINGS.en.loading}</p>;
  }
  return <Desk view={view} connected={connected} reread={reread} config={config} />;
}

// The plugin's components are Paste components: like Flex, the page gives them a Paste theme.
ReactDOM.render(
  <LeavePauseThemeProvider theme={{ isLight: true }}>
    <App />
  </LeavePauseThemeProvider>,
  document.getElementById('root'),
);
