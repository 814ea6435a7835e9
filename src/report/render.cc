// render.cc: the report PDF, drawn with cairo and laid out with pango.
//
// Layout is a single downward flow: a cursor `y_` on the current page; each
// block asks for room (Ensure) and starts a new page when it does not fit.
// Paragraphs that may be longer than a page (the summary, a long message) are
// drawn line by line (FlowLayout) so they continue on the next page. The
// document is rendered twice: the first pass, into a discarding stream,
// counts the pages so the second can print "page N of M".
//
// Text: user text goes to pango_layout_set_text (never markup). The font is a
// family list, so pango takes each script from the first family that has it:
// Noto Sans (Latin), Noto Sans Devanagari / Bengali / Tamil / Sinhala, and
// Noto Naskh Arabic for Urdu. Nastaliq (Noto Nastaliq Urdu) is the style Urdu
// readers expect and was tried first, but its cascading glyphs come out of
// pdftotext as scrambled fragments ("ت گ ... م ش تی" for "تم گشتی"), and an
// investigator must be able to copy and search the text; Naskh, with the
// layout language set to ur, shapes Urdu correctly and extracts whole words
// (checked in tests/report/render_test.cc). Each message is
// its own layout with auto direction, so an Urdu message is right-aligned and
// runs right to left while an English one beside it runs left to right, and
// the layout's language is the message's, for language-specific shaping.
// See docs/REPORTS.md.
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "report/report_internal.h"

namespace byteback::report {
namespace {

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kTop = 72;                  // below the header
constexpr double kBottom = kPageHeight - 56;  // above the footer
constexpr double kMetaWidth = 150;           // left column of the messages table
constexpr double kChartHeight = 200;

constexpr const char* kFamilies =
    "Noto Sans, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans Tamil, Noto Sans Sinhala, "
    "Noto Naskh Arabic, Noto Sans Symbols, Noto Sans Symbols2";
constexpr const char* kMono = "DejaVu Sans Mono, Noto Sans";

struct Style {
  double size = 9.5;
  bool bold = false;
  bool mono = false;
  double grey = 0.0;  // 0 black .. 1 white
};
constexpr Style kBody{};
constexpr Style kBold{9.5, true};
constexpr Style kSmall{7.5, false, false, 0.35};
constexpr Style kSmallMono{7, false, true, 0.35};
constexpr Style kH1{20, true};
constexpr Style kH2{13, true};

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

class Doc {
 public:
  Doc(cairo_t* cr, const ReportInput& in, int total_pages) : cr_(cr), in_(in), total_(total_pages) {}

  int pages() const { return page_; }

  // A layout of `text` in `style`, wrapped at `width` points.
  LayoutPtr Layout(const std::string& text, const Style& style, double width, const std::string& lang = "",
                   PangoWrapMode wrap = PANGO_WRAP_WORD_CHAR) {
    LayoutPtr l(pango_cairo_create_layout(cr_));
    std::string family = style.mono ? kMono : kFamilies;
    PangoFontDescription* desc = pango_font_description_from_string(family.c_str());
    pango_font_description_set_absolute_size(desc, style.size * PANGO_SCALE);
    pango_font_description_set_weight(desc, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), desc);
    pango_font_description_free(desc);
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), wrap);
    pango_layout_set_auto_dir(l.get(), TRUE);
    PangoAttrList* attrs = pango_attr_list_new();
    if (!lang.empty()) {
      pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string(lang.c_str())));
    }
    // Hashes, keys and URLs break anywhere but must copy out unchanged: no
    // hyphen at the break.
    if (style.mono || wrap == PANGO_WRAP_CHAR) pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(l.get(), attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    return l;
  }

  static double Height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return h / double(PANGO_SCALE);
  }

  void Draw(PangoLayout* l, double x, double y, double grey = 0) {
    cairo_set_source_rgb(cr_, grey, grey, grey);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
  }

  // Starts a page (after the first) and draws its header and footer.
  void NewPage() {
    if (page_ > 0) cairo_show_page(cr_);
    ++page_;
    y_ = kTop;
    auto title = Layout(in_.title, kSmall, kContentWidth * 0.6);
    pango_layout_set_ellipsize(title.get(), PANGO_ELLIPSIZE_END);
    Draw(title.get(), kMargin, 30, 0.35);
    auto dest = Layout(in_.destination, kSmall, kContentWidth * 0.38);
    pango_layout_set_ellipsize(dest.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(dest.get(), PANGO_ALIGN_RIGHT);
    pango_layout_set_auto_dir(dest.get(), FALSE);
    Draw(dest.get(), kMargin + kContentWidth * 0.62, 30, 0.35);
    Rule(48, 0.6);
    Rule(kBottom + 14, 0.6);
    std::string left = "Byte Back incident report";
    if (!in_.generated_at.empty()) left += " · generated " + in_.generated_at;
    if (in_.chain_head.size() >= 16) left += " · chain head " + in_.chain_head.substr(0, 16) + "…";
    Draw(Layout(left, kSmall, kContentWidth * 0.8).get(), kMargin, kBottom + 20, 0.35);
    auto num = Layout("page " + std::to_string(page_) + (total_ > 0 ? " of " + std::to_string(total_) : ""), kSmall,
                      kContentWidth * 0.2);
    pango_layout_set_alignment(num.get(), PANGO_ALIGN_RIGHT);
    Draw(num.get(), kMargin + kContentWidth * 0.8, kBottom + 20, 0.35);
  }

  void Rule(double y, double grey) {
    cairo_set_source_rgb(cr_, grey, grey, grey);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin, y);
    cairo_line_to(cr_, kMargin + kContentWidth, y);
    cairo_stroke(cr_);
  }

  void Ensure(double h) {
    if (page_ == 0 || y_ + h > kBottom) NewPage();
  }
  void Space(double h) { y_ += h; }

  void Heading(const std::string& text, const Style& style = kH2) {
    auto l = Layout(text, style, kContentWidth);
    Ensure(Height(l.get()) + 40);  // keep a heading with what follows
    Space(6);
    Draw(l.get(), kMargin, y_);
    y_ += Height(l.get()) + 6;
  }

  // Draws `l` at x, line by line, breaking pages between lines.
  void FlowLayout(PangoLayout* l, double x, double grey = 0) {
    PangoLayoutIter* it = pango_layout_get_iter(l);
    double top_of_page_part = -1;  // layout y that maps to y_ on this page
    double base_y = y_;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double ly = logical.y / double(PANGO_SCALE), lh = logical.height / double(PANGO_SCALE);
      if (top_of_page_part < 0) top_of_page_part = ly;
      if (base_y + (ly - top_of_page_part) + lh > kBottom) {
        NewPage();
        base_y = y_;
        top_of_page_part = ly;
      }
      const double baseline = pango_layout_iter_get_baseline(it) / double(PANGO_SCALE);
      cairo_set_source_rgb(cr_, grey, grey, grey);
      cairo_move_to(cr_, x + logical.x / double(PANGO_SCALE), base_y + (baseline - top_of_page_part));
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
      y_ = base_y + (ly - top_of_page_part) + lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }

  void Paragraph(const std::string& text, const Style& style = kBody, double indent = 0) {
    auto l = Layout(text, style, kContentWidth - indent);
    Ensure(std::min(Height(l.get()), 24.0));
    FlowLayout(l.get(), kMargin + indent, style.grey);
    y_ += 3;
  }

  // A two-column row: `left` in a column of `left_width`, `right` flowing
  // beside it (and across pages when long), then `below` (if any) under
  // `right` in grey.
  void Row(PangoLayout* left, double left_width, PangoLayout* right, PangoLayout* below = nullptr) {
    const double lh = Height(left), rh = Height(right);
    Ensure(std::max(std::min(lh, kBottom - kTop), std::min(rh, 40.0)));
    Draw(left, kMargin, y_);
    const double start = y_;
    const int start_page = page_;
    FlowLayout(right, kMargin + left_width);
    if (below) {
      y_ += 3;
      FlowLayout(below, kMargin + left_width, kSmallMono.grey);
    }
    if (page_ == start_page && y_ < start + lh) y_ = start + lh;  // the taller column wins
  }

  cairo_t* cr() { return cr_; }
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }

 private:
  cairo_t* cr_;
  const ReportInput& in_;
  int total_;
  int page_ = 0;
  double y_ = kTop;
};

std::string FormatScore(float v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(v));
  return buf;
}

void Cover(Doc& d, const ReportInput& in) {
  d.NewPage();
  d.Space(20);
  d.Paragraph(in.title.empty() ? "Incident report" : in.title, kH1);
  d.Space(4);
  d.Paragraph("To: " + (in.destination.empty() ? std::string("(destination not set)") : in.destination), kH2);
  if (in.redact) d.Paragraph("Case study: names, handles, links and complainant details are removed.", kSmall);
  d.Space(10);
  if (!in.fields.empty()) {
    d.Heading("Complainant and complaint details");
    for (const auto& [label, value] : in.fields) {
      auto l = d.Layout(label, kBold, kMetaWidth - 10);
      auto v = d.Layout(value.empty() ? "—" : value, kBody, kContentWidth - kMetaWidth);
      d.Row(l.get(), kMetaWidth, v.get());
      d.Space(4);
    }
  }
  if (!in.summary.empty()) {
    d.Heading("Summary");
    d.Paragraph(in.summary);
  }
  std::string counts = std::to_string(in.messages.size()) + " messages from " + std::to_string(in.handles.size()) +
                       " accounts";
  if (!in.per_day.empty()) counts += ", " + in.per_day.front().day + " to " + in.per_day.back().day;
  d.Space(6);
  d.Paragraph(counts + ".", kBold);
}

// The printed name of an abuse category (kCategories); others as given.
std::string CategoryName(const std::string& c) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"sexual_harassment", "Sexual harassment"}, {"threats", "Threats"},
      {"doxxing", "Doxxing (private information)"}, {"impersonation", "Impersonation"},
      {"slurs", "Slurs and hate"}, {"pile_on", "Coordinated pile-on"},
      {"non_consensual_images", "Non-consensual images"}};
  for (const auto& [key, name] : kNames) {
    if (c == key) return name;
  }
  return c;
}

void RulesBroken(Doc& d, const ReportInput& in) {
  if (in.rules_broken.empty()) return;
  d.Heading("Rules broken");
  for (const auto& r : in.rules_broken) {
    auto l = d.Layout(CategoryName(r.category), kBold, kMetaWidth - 10);
    auto v = d.Layout(r.policy + (r.url.empty() ? "" : "\n" + r.url), kBody, kContentWidth - kMetaWidth);
    d.Row(l.get(), kMetaWidth, v.get());
    d.Space(4);
  }
}

void Timeline(Doc& d, const ReportInput& in) {
  if (in.timeline.empty()) return;
  d.Heading("Timeline");
  for (const auto& t : in.timeline) {
    auto l = d.Layout(t.time, kBold, kMetaWidth - 10);
    auto v = d.Layout(t.text, kBody, kContentWidth - kMetaWidth);
    d.Row(l.get(), kMetaWidth, v.get());
    d.Space(4);
  }
}

std::string MessageMeta(size_t i, const ReportMessage& m) {
  std::string s = "#" + std::to_string(i + 1) + "  " + m.time + "\n" + m.platform;
  if (!m.author.empty()) s += (m.platform.empty() ? "" : " · ") + m.author;
  if (!m.lang.empty()) s += "\nlanguage: " + m.lang;
  if (!m.labels.empty()) {
    s += "\nflagged: ";
    for (size_t k = 0; k < m.labels.size(); ++k) s += (k ? ", " : "") + m.labels[k];
  }
  for (const auto& [label, score] : m.scores) s += "\n" + label + " " + FormatScore(score);
  return s;
}

void Messages(Doc& d, const ReportInput& in) {
  if (in.messages.empty()) return;
  d.Heading("Messages (" + std::to_string(in.messages.size()) + ")");
  for (size_t i = 0; i < in.messages.size(); ++i) {
    const ReportMessage& m = in.messages[i];
    auto meta = d.Layout(MessageMeta(i, m), kSmall, kMetaWidth - 10);
    std::string text = m.text;
    if (text.size() > kMaxRenderedTextBytes) {
      size_t cut = kMaxRenderedTextBytes;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // code point boundary
      text.resize(cut);
      text += " … [cut at " + std::to_string(cut) + " of " + std::to_string(m.text.size()) +
              " bytes; the full text is in the pack's original files]";
    }
    auto body = d.Layout(text.empty() ? "(no text)" : text, kBody, kContentWidth - kMetaWidth, m.lang);
    d.Ensure(24);
    d.Rule(d.y(), 0.85);
    d.Space(5);
    std::string proof;
    if (!m.url.empty()) proof += m.url;
    if (!m.sha256.empty()) proof += (proof.empty() ? "" : "\n") + std::string("sha256 ") + m.sha256;
    auto p = d.Layout(proof, kSmallMono, kContentWidth - kMetaWidth, "", PANGO_WRAP_CHAR);
    d.Row(meta.get(), kMetaWidth, body.get(), proof.empty() ? nullptr : p.get());
    d.Space(5);
  }
}

void Handles(Doc& d, const ReportInput& in) {
  if (in.handles.empty()) return;
  std::vector<HandleCount> sorted = in.handles;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  const double max = static_cast<double>(std::max<int64_t>(1, sorted.front().count));
  d.Heading("Accounts (" + std::to_string(sorted.size()) + ")");
  const double bar_x = kMargin + 300, bar_w = kContentWidth - 300 - 40;
  for (const auto& h : sorted) {
    auto name = d.Layout(h.handle + (h.platform.empty() ? "" : "  (" + h.platform + ")"), kBody, 290);
    const double rh = std::max(Doc::Height(name.get()), 12.0) + 3;
    d.Ensure(rh);
    d.Draw(name.get(), kMargin, d.y());
    cairo_t* cr = d.cr();
    cairo_set_source_rgb(cr, 0.75, 0.2, 0.2);
    cairo_rectangle(cr, bar_x, d.y() + 3, std::max(1.0, bar_w * double(h.count) / max), 8);
    cairo_fill(cr);
    auto n = d.Layout(std::to_string(h.count), kBody, 38);
    pango_layout_set_alignment(n.get(), PANGO_ALIGN_RIGHT);
    d.Draw(n.get(), kMargin + kContentWidth - 38, d.y());
    d.Space(rh);
  }
}

// Bars of messages per day (gaps filled with zero days), y axis with ticks.
void Chart(Doc& d, const ReportInput& in) {
  if (in.per_day.empty()) return;
  long first = 0, last = 0;
  internal::ParseDay(in.per_day.front().day, &first);
  internal::ParseDay(in.per_day.back().day, &last);
  std::vector<int64_t> counts(static_cast<size_t>(last - first + 1), 0);
  for (const auto& p : in.per_day) {
    long day = 0;
    internal::ParseDay(p.day, &day);
    counts[static_cast<size_t>(day - first)] = p.count;
  }
  d.Heading("Messages per day");
  d.Ensure(kChartHeight + 30);
  cairo_t* cr = d.cr();
  const int64_t max = std::max<int64_t>(1, *std::max_element(counts.begin(), counts.end()));
  const double step = std::pow(10.0, std::floor(std::log10(double(max))));
  const double tick = max / step >= 5 ? step : (max / step >= 2 ? step / 2 : step / 5);
  const double top = std::max(1.0, std::ceil(double(max) / std::max(1.0, tick)) * std::max(1.0, tick));
  const double x0 = kMargin + 36, y0 = d.y() + kChartHeight, w = kContentWidth - 40, h = kChartHeight - 10;
  cairo_set_line_width(cr, 0.4);
  for (double v = 0; v <= top + 1e-9; v += std::max(1.0, tick)) {
    const double y = y0 - h * v / top;
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x0 + w, y);
    cairo_stroke(cr);
    auto l = d.Layout(std::to_string(static_cast<int64_t>(v)), kSmall, 30);
    pango_layout_set_alignment(l.get(), PANGO_ALIGN_RIGHT);
    d.Draw(l.get(), kMargin, y - 5, kSmall.grey);
  }
  const double slot = w / double(counts.size());
  const size_t label_every = std::max<size_t>(1, (counts.size() + 11) / 12);
  for (size_t i = 0; i < counts.size(); ++i) {
    const double bh = h * double(counts[i]) / top;
    cairo_set_source_rgb(cr, 0.75, 0.2, 0.2);
    cairo_rectangle(cr, x0 + slot * double(i) + slot * 0.15, y0 - bh, std::max(0.5, slot * 0.7), bh);
    cairo_fill(cr);
    if (i % label_every == 0) {
      auto l = d.Layout(internal::FormatDay(first + static_cast<long>(i)).substr(5), kSmall, 40);
      d.Draw(l.get(), x0 + slot * double(i), y0 + 3, kSmall.grey);
    }
  }
  d.set_y(y0 + 20);
  d.Paragraph("Total " + std::to_string(in.messages.size()) + " messages; busiest day " + std::to_string(max) + ".",
              kSmall);
}

void Verification(Doc& d, const ReportInput& in) {
  d.Heading("Verifying this evidence");
  d.Paragraph(
      "Every evidence item in this pack (original files, messages, screenshots) is stored with its SHA-256 "
      "hash in an append-only hash chain. The server signed the head of the chain with its Ed25519 key. "
      "To check the pack on any computer, without the server, run:");
  d.Paragraph("byteback evidence verify PACK.zip", {10, true, true});
  d.Paragraph(
      "It recomputes every hash, follows the chain and checks the signature; if any item was changed, removed "
      "or reordered it names the first item that does not match. The values it checks against:");
  for (const auto& [label, value] : {std::pair{"Chain head (SHA-256)", &in.chain_head},
                                     std::pair{"Signature (Ed25519)", &in.signature},
                                     std::pair{"Public key (Ed25519)", &in.public_key}}) {
    d.Paragraph(label, kBold);
    auto v = d.Layout(value->empty() ? "(not provided)" : *value, {8, false, true}, kContentWidth, "", PANGO_WRAP_CHAR);
    d.Ensure(Doc::Height(v.get()));
    d.FlowLayout(v.get(), kMargin);
    d.Space(4);
  }
}

void RenderAll(Doc& d, const ReportInput& in) {
  Cover(d, in);
  RulesBroken(d, in);
  Timeline(d, in);
  Chart(d, in);
  Handles(d, in);
  Messages(d, in);
  Verification(d, in);
  cairo_show_page(d.cr());
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  if (closure) static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// One pass; `out` null discards the bytes. Returns the page count.
Result<int> Pass(const ReportInput& in, int total_pages, std::string* out) {
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, out, kPageWidth, kPageHeight);
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  if (!in.title.empty()) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, in.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Byte Back");
  cairo_t* cr = cairo_create(surface);
  if (!out) {
    // The counting pass lays out everything on the same kind of surface (so
    // the metrics, and the line breaks, are the same) but draws nothing: an
    // empty clip makes cairo drop every drawing operation early.
    cairo_rectangle(cr, 0, 0, 0, 0);
    cairo_clip(cr);
  }
  Doc doc(cr, in, total_pages);
  RenderAll(doc, in);
  const int pages = doc.pages();
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) return Status::Internal(std::string("cairo: ") + cairo_status_to_string(st));
  return pages;
}

}  // namespace

Result<std::string> RenderPdf(const ReportInput& raw) {
  BB_RETURN_IF_ERROR(internal::Validate(raw));
  const ReportInput in = internal::Redacted(raw);
  BB_ASSIGN_OR_RETURN(int pages, Pass(in, 0, nullptr));
  std::string pdf;
  BB_ASSIGN_OR_RETURN(int again, Pass(in, pages, &pdf));
  if (again != pages) return Status::Internal("page count changed between passes");
  return pdf;
}

}  // namespace byteback::report
