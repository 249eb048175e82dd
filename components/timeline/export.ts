"use client";

// Panel exports: CSV of the data behind a panel, and a PNG drawn from the panel's SVG charts.
import type { TChrome } from "./palette";

export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const downloadText = (filename: string, text: string, type = "text/csv") => downloadBlob(filename, new Blob([text], { type: `${type};charset=utf-8` }));

const STYLE_PROPS = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity", "font-family", "font-size", "font-weight", "visibility"];

/** A standalone copy of an SVG: computed styles inlined, since CSS does not travel with it. */
function standaloneSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll("*")];
  const target = [clone, ...clone.querySelectorAll("*")];
  source.forEach((el, i) => {
    const css = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${css.getPropertyValue(p)}`).join(";");
    target[i]?.setAttribute("style", style);
  });
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  return new XMLSerializer().serializeToString(clone);
}

function loadImage(svgText: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("could not render the chart as an image"));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}

export type TPngHeader = { title: string; subtitle: string; legend: Array<{ label: string; color: string }> };

/** Draws the title, legend and every chart SVG inside `root` (top to bottom) onto one canvas. */
export async function exportPng(root: HTMLElement, header: TPngHeader, chrome: TChrome, filename: string) {
  const svgs = [...root.querySelectorAll<SVGSVGElement>("svg.recharts-surface")];
  if (!svgs.length) throw new Error("nothing to export yet");
  const images = await Promise.all(svgs.map((s) => loadImage(standaloneSvg(s))));
  const width = Math.max(...svgs.map((s) => s.getBoundingClientRect().width));
  const headerHeight = 44;
  const height = headerHeight + svgs.reduce((sum, s) => sum + s.getBoundingClientRect().height, 0) + 8;
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no canvas support");
  ctx.scale(scale, scale);
  ctx.fillStyle = chrome.panel;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = chrome.text;
  ctx.font = "600 13px system-ui, sans-serif";
  ctx.fillText(header.title, 10, 18);
  const titleWidth = ctx.measureText(header.title).width;
  ctx.fillStyle = chrome.axis;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillText(header.subtitle, 10 + titleWidth + 10, 18);
  let x = 10;
  for (const item of header.legend) {
    ctx.fillStyle = item.color;
    ctx.fillRect(x, 29, 9, 9);
    ctx.fillStyle = chrome.text;
    ctx.fillText(item.label, x + 13, 37);
    x += 13 + ctx.measureText(item.label).width + 14;
    if (x > width - 60) break;
  }
  let y = headerHeight;
  images.forEach((img, i) => {
    const h = svgs[i]!.getBoundingClientRect().height;
    ctx.drawImage(img, 0, y, svgs[i]!.getBoundingClientRect().width, h);
    y += h;
  });
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("could not encode the PNG");
  downloadBlob(filename, blob);
}
