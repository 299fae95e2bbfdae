// imgproxy processing and info option names with their aliases (spec §3.2, §3.3, §1.7).
// Each entry is [full name, ...aliases]; the full name is what hover shows.

const PROCESSING: readonly (readonly string[])[] = [
  // OSS: resizing and geometry
  ['resize', 'rs'], ['size', 's'], ['resizing_type', 'rt'], ['width', 'w'], ['height', 'h'], ['min-width', 'mw'],
  ['min-height', 'mh'], ['zoom', 'z'], ['dpr'], ['enlarge', 'el'], ['extend', 'ex'], ['extend_aspect_ratio', 'extend_ar', 'exar'],
  ['gravity', 'g'], ['crop', 'c'], ['trim', 't'], ['padding', 'pd'], ['auto_rotate', 'ar'], ['rotate', 'rot'], ['flip', 'fl'],
  // OSS: effects, metadata, saving, handling, security
  ['background', 'bg'], ['blur', 'bl'], ['sharpen', 'sh'], ['pixelate', 'pix'], ['watermark', 'wm'],
  ['strip_metadata', 'sm'], ['keep_copyright', 'kcr'], ['strip_color_profile', 'scp'], ['preserve_hdr', 'ph'], ['enforce_thumbnail', 'eth'],
  ['quality', 'q'], ['format_quality', 'fq'], ['max_bytes', 'mb'], ['format', 'f', 'ext'],
  ['skip_processing', 'skp', 'sp'], ['raw'], ['cachebuster', 'cb'], ['expires', 'exp'], ['filename', 'fn'], ['return_attachment', 'att'], ['preset', 'pr'],
  ['max_src_resolution', 'msr'], ['max_src_file_size', 'msfs'], ['max_animation_frames', 'maf'], ['max_animation_frame_resolution', 'mafr'], ['max_result_dimension', 'mrd'],
  // Pro
  ['resizing_algorithm', 'ra'], ['objects_position', 'obj_pos', 'op'], ['crop_aspect_ratio', 'crop_ar', 'car'],
  ['background_alpha', 'bga'], ['adjust', 'a'], ['brightness', 'br'], ['contrast', 'co'], ['saturation', 'sa'], ['monochrome', 'mc'], ['duotone', 'dt'],
  ['unsharp_masking', 'ush'], ['blur_areas', 'ba'], ['progressive_blur', 'pbl'], ['blur_detections', 'bd'], ['draw_detections', 'dd'], ['crop_objects'],
  ['colorize', 'col'], ['gradient', 'gr'],
  ['watermark_url', 'wmu'], ['watermark_text', 'wmt'], ['watermark_size', 'wms'], ['watermark_rotate', 'wm_rot', 'wmr'], ['watermark_shadow', 'wmsh'],
  ['style', 'st', 'stl'], ['dpi'], ['color_profile', 'cp', 'icc'], ['autoquality', 'aq'],
  ['jpeg_options', 'jpgo', 'jpego'], ['png_options', 'pngo'], ['webp_options', 'webpo'], ['avif_options', 'avifo'],
  ['page', 'pg'], ['pages', 'pgs'], ['disable_animation', 'da'], ['video_thumbnail_second', 'vts'], ['video_thumbnail_keyframes', 'vtk'],
  ['video_thumbnail_tile', 'vtt'], ['video_thumbnail_animation', 'vta'],
  ['fallback_image_url', 'fiu'], ['bypass_cache', 'bc'], ['cache_tags', 'ct'], ['hashsum', 'hs'],
];

const INFO: readonly (readonly string[])[] = [
  ['size', 's'], ['format', 'f'], ['dimensions', 'd'], ['exif'], ['iptc'], ['xmp'], ['video_meta', 'vm'], ['detect_objects', 'do'],
  ['classify', 'cl'], ['colorspace', 'cs'], ['bands', 'b'], ['sample_format', 'sf'], ['pages_number', 'pn'], ['alpha', 'a'], ['crop', 'c'],
  ['objects_position', 'obj_pos', 'op'], ['palette', 'p'], ['average', 'avg'], ['dominant_colors', 'dc'], ['blurhash', 'bh'], ['thumb_hash', 'th'],
  ['perceptual_hash', 'phash', 'ph'], ['calc_hashsums', 'chs'], ['page', 'pg'], ['video_thumbnail_second', 'vts'], ['video_thumbnail_keyframes', 'vtk'],
  ['cachebuster', 'cb'], ['bypass_cache', 'bc'], ['expires', 'exp'], ['preset', 'pr'], ['hashsum', 'hs'], ['max_src_resolution', 'msr'], ['max_src_file_size', 'msfs'],
];

function index(groups: readonly (readonly string[])[]): ReadonlyMap<string, string> {
  return new Map(groups.flatMap((names) => names.map((name) => [name, names[0]] as const)));
}

const processingNames = index(PROCESSING);
const infoNames = index(INFO);

/** The full name of a processing (or, for the info endpoint, info) option, or undefined when unknown. */
export function optionFullName(name: string, info = false): string | undefined {
  return (info ? infoNames : processingNames).get(name);
}

/** Resize types: a first source segment equal to one of these is imgproxy 2's removed "basic" format. */
export const LEGACY_RESIZE_TYPES = new Set(['fit', 'fill', 'fill-down', 'force', 'auto', 'crop']);

/** Options whose argument is a base64url URL of its own (spec §3.4). */
export const URL_OPTIONS = new Set(['watermark_url', 'fallback_image_url']);
