// Words every element shares: sizes, and what an error means to a person.
// The technical text stays on the error (`error.message`, `error.details`);
// what the elements show and announce is one of these.
import { ErrorCode, type OfflineError } from '../../errors.js';

export interface CommonLabels {
  /** A size while downloading: `{done}` is a number, `{total}` a size with its unit ("0.5 of 1.0 MB"). */
  sizeOf: string;
  /** A place in line ("2nd"), by the language's ordinal category (Intl.PluralRules): `{n}` is the number. */
  ordinalOne: string;
  ordinalTwo: string;
  ordinalFew: string;
  ordinalOther: string;
  kilobytes: string;
  megabytes: string;
  gigabytes: string;
  /** The summary of the technical details disclosure. */
  details: string;
  errorEntry: string;
  errorNoDownload: string;
  errorNoPlay: string;
  errorDrm: string;
  errorManifest: string;
  errorNetwork: string;
  errorLicence: string;
  errorExpired: string;
  errorQuota: string;
  errorStorage: string;
  errorNotFound: string;
  errorIncomplete: string;
  errorPlayback: string;
  errorOffline: string;
  errorLive: string;
  errorUnsupported: string;
  errorNeedsNetwork: string;
  errorGeneric: string;
  /** A download whose registration cannot be read. */
  errorDamaged: string;
}

export const COMMON_LABELS: CommonLabels = {
  sizeOf: '{done} of {total}',
  ordinalOne: '{n}st',
  ordinalTwo: '{n}nd',
  ordinalFew: '{n}rd',
  ordinalOther: '{n}th',
  kilobytes: '{n} KB',
  megabytes: '{n} MB',
  gigabytes: '{n} GB',
  details: 'Details',
  errorEntry: 'The details of this video are missing or invalid.',
  errorNoDownload: 'This video cannot be downloaded in this browser.',
  errorNoPlay: 'This video cannot be played in this browser.',
  errorDrm: 'This protected video cannot be kept in this browser.',
  errorManifest: 'This video is not available right now.',
  errorNetwork: 'The connection failed. Check the network and try again.',
  errorLicence: 'The licence for this video could not be obtained. Try again later.',
  errorExpired: 'The licence of this download has expired. Go online to renew it.',
  errorQuota: 'There is not enough storage space on this device.',
  errorStorage: 'The browser could not store this video. Try again.',
  errorNotFound: 'This video is not downloaded',
  errorIncomplete: 'This video has not finished downloading.',
  errorPlayback: 'This video cannot be played right now.',
  errorOffline: 'You are offline and this video is not downloaded',
  errorLive: 'Live videos cannot be downloaded.',
  errorUnsupported: 'This video cannot be downloaded: its format is not supported.',
  errorNeedsNetwork: 'This protected video needs the network each time it plays. Go online to watch it.',
  errorGeneric: 'Something went wrong. Try again.',
  errorDamaged: 'This download is damaged. Remove it, then download it again.',
};

const BY_CODE: Partial<Record<ErrorCode, keyof CommonLabels>> = {
  [ErrorCode.INVALID_ENTRY]: 'errorEntry',
  [ErrorCode.NO_DOWNLOADABLE_SOURCE]: 'errorNoDownload',
  [ErrorCode.NO_PLAYABLE_SOURCE]: 'errorNoPlay',
  [ErrorCode.UNSUPPORTED_DRM]: 'errorDrm',
  [ErrorCode.MANIFEST_ERROR]: 'errorManifest',
  [ErrorCode.NETWORK_ERROR]: 'errorNetwork',
  [ErrorCode.LICENSE_REQUEST_FAILED]: 'errorLicence',
  [ErrorCode.LICENSE_EXPIRED]: 'errorExpired',
  [ErrorCode.QUOTA_EXCEEDED]: 'errorQuota',
  [ErrorCode.STORAGE_ERROR]: 'errorStorage',
  [ErrorCode.ASSET_NOT_FOUND]: 'errorNotFound',
  [ErrorCode.ASSET_NOT_COMPLETE]: 'errorIncomplete',
  [ErrorCode.PLAYBACK_ERROR]: 'errorPlayback',
  [ErrorCode.NOT_AVAILABLE_OFFLINE]: 'errorOffline',
  [ErrorCode.LIVE_NOT_SUPPORTED]: 'errorLive',
  [ErrorCode.UNSUPPORTED_CONTENT]: 'errorUnsupported',
  [ErrorCode.LICENSE_REQUIRES_NETWORK]: 'errorNeedsNetwork',
};

/** The words for an error, by its code (the message itself is for developers). */
export function errorLabel(error: Pick<OfflineError, 'code'>): keyof CommonLabels {
  return BY_CODE[error.code] ?? 'errorGeneric';
}
