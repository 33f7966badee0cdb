/**
 * The resolver map, assembled explicitly: every root field and type resolver is imported by name.
 */
import type { Resolvers } from '../__generated__/resolvers-types';
import { CourierMessage, courierMessages } from './admin/courierMessages';
import { identities, identity } from './admin/identityQueries';
import {
  createIdentity,
  deleteIdentity,
  deleteIdentityCredentials,
  patchIdentity,
  updateIdentity,
} from './admin/identityMutations';
import {
  RecoveryCode,
  RecoveryLink,
  createRecoveryCodeForIdentity,
  createRecoveryLinkForIdentity,
} from './admin/recoveryMutations';
import { deleteIdentitySessions, disableSession, extendSession } from './admin/sessionMutations';
import { session, sessions } from './admin/sessionQueries';
import { FlowExpired } from './flows/FlowExpired';
import { Aal2Required, SessionRefreshRequired } from './flows/stepUp';
import { FlowError, flowError } from './flows/flowError';
import {
  ContinueWithRedirectBrowserTo,
  ContinueWithSetOrySessionToken,
  ContinueWithFlow,
} from './flows/continueWith';
import {
  Identity,
  IdentityCredential,
  RecoveryAddress,
  SocialSignInConnection,
  VerifiableAddress,
} from './identity/Identity';
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
import { RecoveryFlow } from './recovery/RecoveryFlow';
import { createRecoveryFlow } from './recovery/createRecoveryFlow';
import { recoveryFlow } from './recovery/getRecoveryFlow';
import { updateRecoveryFlow } from './recovery/updateRecoveryFlow';
import { Session, SessionAuthenticationMethod, SessionDevice } from './session/Session';
import { LogoutFlow, logout, logoutFlow } from './session/logout';
import { exchangeSessionToken } from './session/exchangeSessionToken';
import { me } from './session/me';
import { disableMyOtherSessions, disableMySession, mySessions } from './session/mySessions';
import { SettingsFlow } from './settings/SettingsFlow';
import { createSettingsFlow } from './settings/createSettingsFlow';
import { settingsFlow } from './settings/getSettingsFlow';
import { updateSettingsFlow } from './settings/updateSettingsFlow';
import { VerificationFlow } from './verification/VerificationFlow';
import { createVerificationFlow } from './verification/createVerificationFlow';
import { verificationFlow } from './verification/getVerificationFlow';
import { updateVerificationFlow } from './verification/updateVerificationFlow';
import {
  UiContainer,
  UiNode,
  UiNodeAnchorAttributes,
  UiNodeDivisionAttributes,
  UiNodeImageAttributes,
  UiNodeInputAttributes,
  UiNodeScriptAttributes,
  UiNodeTextAttributes,
  UiText,
} from './ui/UiNode';

/** Every resolver but the scalars, whose limits come from the configuration (see schema.ts). */
export const resolvers: Resolvers = {
  Query: {
    me,
    mySessions,
    logoutFlow,
    loginFlow,
    registrationFlow,
    recoveryFlow,
    verificationFlow,
    settingsFlow,
    flowError,
    identitySchemas,
    identitySchema,
    identity,
    identities,
    session,
    sessions,
    courierMessages,
  },
  Mutation: {
    createLoginFlow,
    updateLoginFlow,
    createRegistrationFlow,
    updateRegistrationFlow,
    createRecoveryFlow,
    updateRecoveryFlow,
    createVerificationFlow,
    updateVerificationFlow,
    createSettingsFlow,
    updateSettingsFlow,
    logout,
    disableMySession,
    disableMyOtherSessions,
    exchangeSessionToken,
    createIdentity,
    updateIdentity,
    patchIdentity,
    deleteIdentity,
    deleteIdentityCredentials,
    disableSession,
    extendSession,
    deleteIdentitySessions,
    createRecoveryCodeForIdentity,
    createRecoveryLinkForIdentity,
  },
  Identity,
  IdentityCredential,
  SocialSignInConnection,
  CourierMessage,
  RecoveryCode,
  RecoveryLink,
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
  UiNodeTextAttributes,
  UiNodeImageAttributes,
  UiNodeAnchorAttributes,
  UiNodeScriptAttributes,
  UiNodeDivisionAttributes,
  LoginFlow,
  LoginSuccess,
  RegistrationFlow,
  RegistrationSuccess,
  RecoveryFlow,
  VerificationFlow,
  SettingsFlow,
  LogoutFlow,
  FlowExpired,
  FlowError,
  SessionRefreshRequired,
  Aal2Required,
  ContinueWithSetOrySessionToken,
  ContinueWithFlow,
  ContinueWithRedirectBrowserTo,
};
