/**
 * GraphQL Code Generator's client preset, as a frontend uses it: typed documents from test/clients/operations.graphql
 * (one fragment per flow, one for UI nodes), then client code that handles every member of every result union
 * and UI attribute type, checked with `tsc --strict`. A schema where the same field has different types on two
 * union members, or where a member is missing, fails here. The documents cover every root field that answers a
 * union (the five `update*Flow` results) and the `Flow` interface (`FlowExpired.flow`), and every flow's
 * create and get.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runClientPreset } from '../harness/clientPreset';

const ROOT = path.join(__dirname, '..', '..');

/** Client code a UI would write: every union member rendered, `never` checks proving none is forgotten. */
const CLIENT = `
import type {
  ContinueWithFieldsFragment,
  CreateSettingsFlowMutation,
  CreateVerificationFlowMutation,
  FlowExpiredFieldsFragment,
  MeQuery,
  MySessionsQuery,
  RecoveryStepMutation,
  SettingsFlowFieldsFragment,
  SettingsFlowQuery,
  SettingsStepMutation,
  SignInMutation,
  SignUpMutation,
  UiNodeFieldsFragment,
  VerificationFlowQuery,
  VerificationStepMutation,
} from './gql/graphql';

export function signUpOutcome(result: SignUpMutation['updateRegistrationFlow']): string {
  switch (result.__typename) {
    case 'RegistrationSuccess':
      return \`welcome \${result.identity.id} \${result.sessionToken ?? 'browser'}\`;
    case 'RegistrationFlow':
      return result.ui.nodes.map(label).join(', ');
    case 'FlowExpired':
      return \`start again: \${result.useFlowId ?? ''}\`;
    case 'FlowRedirect':
    case 'SessionRefreshRequired':
    case 'Aal2Required':
      return result.redirectBrowserTo ?? '';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export function signInOutcome(result: SignInMutation['updateLoginFlow']): string {
  switch (result.__typename) {
    case 'LoginSuccess':
      return result.session.id + result.continueWith.map(next).join();
    case 'LoginFlow':
      return result.ui.messages.map((message) => message.text).join();
    case 'FlowExpired':
      return result.useFlowId ?? '';
    case 'FlowRedirect':
    case 'SessionRefreshRequired':
      return result.redirectBrowserTo ?? '';
    case 'Aal2Required':
      return result.loginFlow?.id ?? result.redirectBrowserTo ?? '';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export function recoveryOutcome(result: RecoveryStepMutation['updateRecoveryFlow']): string {
  switch (result.__typename) {
    case 'RecoveryFlow':
      return \`\${result.state ?? ''} \${result.continueWith.map(next).join()}\`;
    case 'FlowExpired':
      return result.useFlowId ?? '';
    case 'FlowRedirect':
    case 'SessionRefreshRequired':
    case 'Aal2Required':
      return result.redirectBrowserTo ?? '';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export function settingsOutcome(result: SettingsStepMutation['updateSettingsFlow']): string {
  switch (result.__typename) {
    case 'SettingsFlow':
      return result.state === 'SUCCESS' ? profile(result) : result.ui.nodes.map(label).join(', ');
    case 'SessionRefreshRequired':
      return \`sign in again: \${result.loginFlow?.refresh === true ? result.loginFlow.id : (result.redirectBrowserTo ?? '')}\`;
    case 'Aal2Required':
      return \`second factor: \${result.loginFlow?.requestedAal ?? result.redirectBrowserTo ?? ''}\`;
    case 'FlowExpired':
      return replacement(result);
    case 'FlowRedirect':
      return result.redirectBrowserTo ?? '';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export function verificationOutcome(result: VerificationStepMutation['updateVerificationFlow']): string {
  switch (result.__typename) {
    case 'VerificationFlow':
      return \`\${result.state ?? 'unknown'}: \${result.ui.messages.map((message) => message.messageId).join()}\`;
    case 'FlowExpired':
      return replacement(result);
    case 'FlowRedirect':
    case 'SessionRefreshRequired':
    case 'Aal2Required':
      return result.redirectBrowserTo ?? '';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/** Creating and fetching a flow answer the flow itself: no union, the same fragment as the steps. */
export function openedFlows(
  settings: CreateSettingsFlowMutation['createSettingsFlow'] | SettingsFlowQuery['settingsFlow'],
  verification: CreateVerificationFlowMutation['createVerificationFlow'] | VerificationFlowQuery['verificationFlow'],
): string {
  return \`\${profile(settings)} \${verification.ui.nodes.map(label).join(', ')}\`;
}

/** The signed-in user's name and addresses: a settings flow always has its identity. */
function profile(flow: SettingsFlowFieldsFragment): string {
  const addresses = flow.identity.verifiableAddresses.map((address) => \`\${address.value} \${address.verified}\`);
  return \`\${JSON.stringify(flow.identity.traits)} \${addresses.join()} \${flow.continueWith.map(next).join()}\`;
}

export function signedIn(me: MeQuery['me'], sessions: MySessionsQuery['mySessions']): string {
  const others = sessions.edges.map((edge) => \`\${edge.cursor} \${edge.node.identity?.id ?? 'second factor pending'}\`);
  return \`\${me?.identity?.verifiableAddresses.length ?? 0} \${others.join()} \${sessions.totalCount ?? 0}\`;
}

/** A replacement flow can be any flow (the \`Flow\` interface): every implementation handled. */
function replacement(expired: FlowExpiredFieldsFragment): string {
  const flow = expired.flow;
  if (flow === null || flow === undefined) return \`start again: \${expired.useFlowId ?? ''}\`;
  switch (flow.__typename) {
    case 'LoginFlow':
    case 'RegistrationFlow':
    case 'RecoveryFlow':
    case 'VerificationFlow':
    case 'SettingsFlow':
      return \`\${flow.__typename} \${flow.id}: \${flow.ui.messages.map((message) => message.text).join()}\`;
    default: {
      const unreachable: never = flow;
      return unreachable;
    }
  }
}

function next(item: ContinueWithFieldsFragment): string {
  switch (item.__typename) {
    case 'ContinueWithSetOrySessionToken':
      return item.orySessionToken;
    case 'ContinueWithVerificationUi':
      return item.flow.verifiableAddress ?? item.flow.id;
    case 'ContinueWithSettingsUi':
    case 'ContinueWithRecoveryUi':
      return item.flow.url ?? item.flow.id;
    case 'ContinueWithRedirectBrowserTo':
      return item.redirectBrowserTo;
    default: {
      const unreachable: never = item;
      return unreachable;
    }
  }
}

export function label(node: UiNodeFieldsFragment): string {
  const attributes = node.attributes;
  switch (attributes.__typename) {
    case 'UiNodeInputAttributes':
      return node.meta.label?.text ?? attributes.name;
    case 'UiNodeTextAttributes':
      return attributes.text.text;
    case 'UiNodeImageAttributes':
      return \`<img id=\${attributes.elementId} src=\${attributes.src}>\`;
    case 'UiNodeAnchorAttributes':
      return attributes.title.text;
    case 'UiNodeScriptAttributes':
      return attributes.src;
    case 'UiNodeDivisionAttributes':
      return attributes.class ?? attributes.elementId;
    default: {
      const unreachable: never = attributes;
      return unreachable;
    }
  }
}
`;

it('generates typed documents that strict client code can handle exhaustively', () => {
  const work = mkdtempSync(path.join(ROOT, 'test', 'clients', '.client-preset-'));
  try {
    runClientPreset(
      work,
      { fragmentMasking: false },
      { scalars: { DateTime: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>' } },
    );
    writeFileSync(path.join(work, 'client.ts'), CLIENT);
    writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          skipLibCheck: true,
          noFallthroughCasesInSwitch: true,
        },
        include: ['client.ts', 'gql/*.ts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const output = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', path.join(work, 'tsconfig.json')], {
          encoding: 'utf8',
        });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(output).toBe('');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 60_000);
