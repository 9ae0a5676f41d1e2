// The hands worker: exposes the tracker (HandLandmarker + gesture pipeline) through Comlink.
import { expose } from 'comlink';
import { createMediapipeLandmarker } from './mediapipe.ts';
import { createHandTracker } from './tracker.ts';

expose(createHandTracker(createMediapipeLandmarker));
