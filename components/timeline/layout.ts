// Fixed chart geometry. Every panel uses the same margins and Y-axis width, so the plot areas of
// all panels (and the markers lane) share one left edge and one width and times line up.
export const Y_AXIS_WIDTH = 54;
export const CHART_MARGIN = { top: 10, right: 16, bottom: 2, left: 0 };
export const X_AXIS_HEIGHT = 20;
export const PLOT_LEFT = CHART_MARGIN.left + Y_AXIS_WIDTH;
export const PLOT_RIGHT = CHART_MARGIN.right;

export const plotWidthOf = (chartWidth: number) => Math.max(0, chartWidth - PLOT_LEFT - PLOT_RIGHT);
/** Charts stacked in one panel show the time axis only under the last one. */
export const plotHeightOf = (chartHeight: number, xAxis = true) => Math.max(0, chartHeight - CHART_MARGIN.top - CHART_MARGIN.bottom - (xAxis ? X_AXIS_HEIGHT : 0));
