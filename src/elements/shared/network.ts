// Whether the browser has a network, for what an element shows ("Offline").
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isOnline } from '../../service/util/online.js';

export class NetworkController implements ReactiveController {
  online = isOnline();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.changed);
    window.addEventListener('offline', this.changed);
    this.online = isOnline();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.changed);
    window.removeEventListener('offline', this.changed);
  }

  private readonly changed = (): void => {
    this.online = isOnline();
    this.host.requestUpdate();
  };
}
