// Correlation statistics (scipy.stats-compatible p-values) and the special functions behind them.
export { pearson, spearman, bootstrapCorrelation, rankData } from './correlation';
export type { Correlation, BootstrapOptions, BootstrapResult } from './correlation';
export { regularizedIncompleteBeta, studentTCdf, studentTSf, correlationPValue, lnGamma } from './special';
