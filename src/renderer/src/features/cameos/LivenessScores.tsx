import type { Liveness } from '../../../../shared/cameos';

/** The scores of a liveness check beside their thresholds. */
export function LivenessScores({ l }: { l: Liveness }) {
  return (
    <dl className="facts small" data-testid="liveness">
      <dt>Result</dt>
      <dd>{l.passed ? 'Passed' : 'Did not pass'}</dd>
      <dt>Frames</dt>
      <dd>
        {l.framesAnalyzed} over {l.seconds} s
      </dd>
      {l.singleFace && (
        <>
          <dt>One face</dt>
          <dd>
            {Math.round(l.singleFace.fraction * 100)} % of frames (needs ≥ {Math.round(l.singleFace.threshold * 100)} %)
            {l.singleFace.passed ? ' ✓' : ' ✗'}
          </dd>
        </>
      )}
      {l.headTurn && (
        <>
          <dt>Head turn</dt>
          <dd>
            {l.headTurn.minYaw}° to {l.headTurn.maxYaw}° (needs ±{l.headTurn.threshold}°){l.headTurn.passed ? ' ✓' : ' ✗'}
          </dd>
        </>
      )}
      {l.phrase && (
        <>
          <dt>Phrase</dt>
          <dd>
            “{l.phrase.phrase}”: match {l.phrase.score} (needs ≥ {l.phrase.threshold}){l.phrase.passed ? ' ✓' : ' ✗'}
          </dd>
        </>
      )}
      {l.antispoof && (
        <>
          <dt>Anti-spoof</dt>
          <dd>
            real {l.antispoof.real ?? '–'}, live {l.antispoof.live ?? '–'} (reported only: these models are not reliable enough to decide)
          </dd>
        </>
      )}
    </dl>
  );
}
