/**
 * The resolver map, assembled explicitly: every root field and type resolver is imported by name.
 */
import type { Resolvers } from '../__generated__/resolvers-types';
import { FlowExpired } from './flows/FlowExpired';
import {
  ContinueWithRedirectBrowserTo,
  ContinueWithSetOrySessionToken,
  ContinueWithVerificationUiFlow,
} from './flows/continueWith';
import { Identity, RecoveryAddress, VerifiableAddress } from './identity/Identity';
import { IdentitySchema } from './identity/IdentitySchema';
import { identitySchema, identitySchemas } from './identity/identitySchemas';
import { LoginFlow, LoginSuccess } from './login/LoginFlow';
import { createLoginFlow } from './login/createLoginFlow';
import { loginFlow } from './login/getLoginFlow';
import { updateLoginFlow } from './login/updateLoginFlow';
import { RegistrationFlow, RegistrationSuccess } from './registration/RegistrationFlow';
import { createRegistrationFlow } from './registration/createRegistrationFlow';
import { registrationFlow } from './registration/getRegistrationFlow';
import { updateRegistrationFlow } from './registration/updateRegistrationFlow';
import { scalars } from './scalars';
import { Session, SessionAuthenticationMethod, SessionDevice } from './session/Session';
import { logout } from './session/logout';
import { me } from './session/me';
import { UiContainer, UiNode, UiNodeInputAttributes, UiText } from './ui/UiNode';

export const resolvers: Resolvers = {
  ...scalars,
  Query: {
    me,
    loginFlow,
    registrationFlow,
    identitySchemas,
    identitySchema,
  },
  Mutation: {
    createLoginFlow,
    updateLoginFlow,
    createRegistrationFlow,
    updateRegistrationFlow,
    logout,
  },
  Identity,
  VerifiableAddress,
  RecoveryAddress,
  IdentitySchema,
  Session,
  SessionAuthenticationMethod,
  SessionDevice,
  UiContainer,
  UiNode,
  UiText,
  UiNodeInputAttributes,
  LoginFlow,
  LoginSuccess,
  RegistrationFlow,
  RegistrationSuccess,
  FlowExpired,
  ContinueWithSetOrySessionToken,
  ContinueWithVerificationUiFlow,
  ContinueWithRedirectBrowserTo,
};
