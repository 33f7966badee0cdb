/**
 * GraphQL Code Generator's client preset, as a frontend uses it: typed documents from test/clients/operations.graphql
 * (one fragment per flow, one for UI nodes), then client code that handles every member of every result union
 * and UI attribute type, checked with `tsc --strict`. A schema where the same field has different types on two
 * union members, or where a member is missing, fails here.
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
  RecoveryStepMutation,
  SignInMutation,
  SignUpMutation,
  UiNodeFieldsFragment,
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
