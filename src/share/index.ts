// The share feature: importing this module defines <holo-share> (the owner's panel). The replay
// page (<holo-replay>) is loaded by boot.ts on /h/{token} only.
export { HoloShare, startShareSync } from './holo-share.ts';
export { shareLink } from './route.ts';
export { ShareClient, type ShareLink, type TokenSource } from './share-client.ts';
