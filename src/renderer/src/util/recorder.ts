import type { ShotlineApi } from '../../../shared/ipc/api';

/**
 * Opens the microphone (and camera) for a recorder. The desktop app allows them only while a
 * recorder is open, so the studio is told before and after; a refusal becomes a message that says
 * what to do.
 */
export async function openRecorder(
  api: ShotlineApi,
  constraints: MediaStreamConstraints,
): Promise<{ stream: MediaStream; close: () => void } | { error: string }> {
  const what = constraints.video ? 'Camera or microphone' : 'The microphone';
  const fallback = constraints.video ? 'import a video file instead' : 'import a recorded file instead';
  await api.app.setCapturing({ capturing: true });
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    return {
      stream,
      close: () => {
        stream.getTracks().forEach((t) => t.stop());
        void api.app.setCapturing({ capturing: false });
      },
    };
  } catch (e) {
    await api.app.setCapturing({ capturing: false });
    const denied = e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError');
    return {
      error: denied
        ? `${what} permission was denied, so nothing was recorded. Allow it in your system or browser settings and try again, or ${fallback}.`
        : `No ${constraints.video ? 'camera' : 'microphone'} could be opened (${e instanceof Error ? e.message : String(e)}). ${fallback.charAt(0).toUpperCase()}${fallback.slice(1)}.`,
    };
  }
}
