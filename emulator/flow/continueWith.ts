/**
 * `continue_with` items (`selfservice/flow/continue_with.go`), kept in their JSON shape because
 * they are only ever stored and echoed. `url` is `omitempty` in the three `flow` variants.
 */
export type ContinueWith =
  | { readonly action: 'set_ory_session_token'; readonly ory_session_token: string }
  | {
      readonly action: 'show_verification_ui';
      readonly flow: { readonly id: string; readonly verifiable_address: string; readonly url?: string };
    }
  | { readonly action: 'show_settings_ui'; readonly flow: { readonly id: string; readonly url?: string } }
  | { readonly action: 'show_recovery_ui'; readonly flow: { readonly id: string; readonly url?: string } }
  | { readonly action: 'redirect_browser_to'; readonly redirect_browser_to: string };

export const redirectBrowserTo = (url: string): ContinueWith => ({
  action: 'redirect_browser_to',
  redirect_browser_to: url,
});

export const setSessionToken = (token: string): ContinueWith => ({
  action: 'set_ory_session_token',
  ory_session_token: token,
});
