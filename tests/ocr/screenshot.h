// screenshot.h: renders lines of text to a PNG "screenshot" with cairo +
// pango, for the OCR tests (fonts from fonts-noto-core).
#ifndef BYTEBACK_TESTS_OCR_SCREENSHOT_H_
#define BYTEBACK_TESTS_OCR_SCREENSHOT_H_

#include <pango/pangocairo.h>

#include <string>
#include <vector>

namespace byteback::ocr {

struct TextLine {
  std::string text;
  std::string font;  // Pango font description, e.g. "Noto Sans Devanagari 22"
};

inline cairo_status_t AppendPng(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Renders `lines` black on white, one under the other, like a chat
// screenshot; returns PNG bytes.
inline std::string RenderScreenshot(const std::vector<TextLine>& lines, int width = 900) {
  const int line_height = 70;
  const int height = 40 + line_height * static_cast<int>(lines.size());
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
  for (size_t i = 0; i < lines.size(); ++i) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* desc = pango_font_description_from_string(lines[i].font.c_str());
    pango_layout_set_font_description(layout, desc);
    pango_layout_set_text(layout, lines[i].text.c_str(), -1);
    pango_layout_set_width(layout, (width - 60) * PANGO_SCALE);
    cairo_move_to(cr, 30, 20 + line_height * static_cast<double>(i));
    pango_cairo_show_layout(cr, layout);
    pango_font_description_free(desc);
    g_object_unref(layout);
  }
  std::string png;
  cairo_surface_write_to_png_stream(surface, AppendPng, &png);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return png;
}

}  // namespace byteback::ocr

#endif  // BYTEBACK_TESTS_OCR_SCREENSHOT_H_
