// The pipeline's input error: a user (or the console API) sent something malformed; the field and the problem are named, no stack trace is shown.

export class PipelineInputError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field} ${problem}`);
    this.name = 'PipelineInputError';
  }
}

/** A task's files or run options that no runner can take (saflaLab.pipeline_run_task's input, a runner's files): `field` names what to fix. */
export class TaskInputError extends PipelineInputError {
  constructor(field: string, problem: string) {
    super(field, problem);
    this.name = 'TaskInputError';
  }
}
