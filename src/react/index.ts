// offline-player/react: React components for the three elements, made by
// @lit/react's createComponent (properties set as properties, events as
// listeners). Thin on purpose: each element's event names are listed once
// here and the React prop names (`download-progress` -> `onDownloadProgress`)
// and their event types are derived from them; a test checks the lists
// against custom-elements.json so a new event cannot be forgotten.
// React is the app's (an optional peer dependency): it is imported, never bundled.
import * as React from 'react';
import { type EventName, type ReactWebComponent, createComponent } from '@lit/react';
import { MANAGER_EVENTS } from '../events/manager-events.js';
import { DownloadButtonElement } from '../elements/download-button/download-button.js';
import { OfflineDownloadsElement } from '../elements/offline-downloads/offline-downloads.js';
import { OfflinePlayerElement } from '../elements/offline-player/offline-player.js';
// The event files declare each event in GlobalEventHandlersEventMap.
import type {} from '../events/download-request.js';
import type {} from '../events/entry-change.js';
import type {} from '../events/play-request.js';
import type {} from '../events/player-error.js';
import type {} from '../events/remove-request.js';
import type {} from '../events/source-change.js';

type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;
type ElementEvent = keyof GlobalEventHandlersEventMap & `${string}-${string}`;

/** The React prop of an event: `download-progress` -> `onDownloadProgress`. */
export type EventProp<N extends string> = `on${Pascal<N>}`;

/** `{ onDownloadProgress: 'download-progress' }`, typed so the prop's listener gets a `DownloadProgressEvent`. */
export type EventProps<N extends ElementEvent> = { [K in N as EventProp<K>]: EventName<GlobalEventHandlersEventMap[K]> };

/** The React prop for an event name. */
export function eventProp<N extends string>(name: N): EventProp<N> {
  return `on${name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}` as EventProp<N>;
}

function eventProps<N extends ElementEvent>(names: readonly N[]): EventProps<N> {
  return Object.fromEntries(names.map((name) => [eventProp(name), name])) as unknown as EventProps<N>;
}

/**
 * createComponent applies props in the order they are written: an element
 * that reports a bad `entry` at once (it fires while the property is set)
 * would fire before a listener written after it. Event props go first.
 */
function listenersFirst<I extends HTMLElement, E extends Record<string, EventName | string>>(inner: ReactWebComponent<I, E>, events: E, displayName: string): ReactWebComponent<I, E> {
  const names = new Set(Object.keys(events));
  const outer = React.forwardRef<I, Record<string, unknown>>((props, ref) => {
    const ordered: Record<string, unknown> = {};
    for (const key of Object.keys(props)) if (names.has(key)) ordered[key] = props[key];
    for (const key of Object.keys(props)) if (!names.has(key)) ordered[key] = props[key];
    return React.createElement(inner as React.ElementType, { ...ordered, ref });
  });
  outer.displayName = displayName;
  return outer as unknown as ReactWebComponent<I, E>;
}

function component<I extends HTMLElement, N extends ElementEvent>(tagName: string, elementClass: new () => I, names: readonly N[], displayName: string) {
  const events = eventProps(names);
  return listenersFirst(createComponent({ react: React, tagName, elementClass, events, displayName: `${displayName}Element` }), events, displayName);
}

/** Each element's events, as its class JSDoc (`@fires`) and custom-elements.json list them. */
export const ELEMENT_EVENTS = {
  'offline-player': ['source-change', 'player-error', 'entry-change'],
  'download-button': ['download-request', 'remove-request', ...MANAGER_EVENTS],
  'offline-downloads': ['play-request', 'download-request', 'remove-request', 'download-error'],
} as const;

/** `<offline-player>`: props are the element's properties (`src`, `entry`, `manager`, `muted`...) and `onSourceChange`, `onPlayerError`, `onEntryChange`. */
export const OfflinePlayer = component('offline-player', OfflinePlayerElement, ELEMENT_EVENTS['offline-player'], 'OfflinePlayer');

/** `<download-button>`: the element's properties, and `onDownloadRequest`, `onRemoveRequest`, `onDownloadProgress`, `onDownloadStateChange`, `onRegistrationChange`, `onDownloadError`. */
export const DownloadButton = component('download-button', DownloadButtonElement, ELEMENT_EVENTS['download-button'], 'DownloadButton');

/** `<offline-downloads>`: the element's properties, and `onPlayRequest`, `onDownloadRequest`, `onRemoveRequest`, `onDownloadError`. */
export const OfflineDownloads = component('offline-downloads', OfflineDownloadsElement, ELEMENT_EVENTS['offline-downloads'], 'OfflineDownloads');

export type OfflinePlayerProps = React.ComponentProps<typeof OfflinePlayer>;
export type DownloadButtonProps = React.ComponentProps<typeof DownloadButton>;
export type OfflineDownloadsProps = React.ComponentProps<typeof OfflineDownloads>;
