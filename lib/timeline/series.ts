// The series response shared by every evidence kind (DESIGN.md): buckets aligned to `step`.
export interface TSeries {
  key: string;
  label: string;
  unit: string;
  points: Array<[number, number | null]>;
}

export interface TSeriesResponse {
  from: number;
  to: number;
  step: number;
  series: TSeries[];
}
