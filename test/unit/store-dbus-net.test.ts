// The D-Bus suites again, through node:net: the opener used where libuv's pipe handle cannot be (bus-socket.ts).
// store-dbus.test.ts and secret-reader.test.ts run through the pipe handle; every behaviour they assert must hold for
// both.
import { chooseBusSocketOpener, netSocket } from '../../src/store/bus-socket.js';

chooseBusSocketOpener(netSocket);
await import('./store-dbus.test.js');
await import('./secret-reader.test.js');
