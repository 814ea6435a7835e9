// lang.cc: a cheap language guess for a verdict. Native scripts decide
// directly (Devanagari: Hindi, or Nepali when Nepali function words appear;
// Arabic script: Urdu; Bengali, Tamil, Sinhala). Latin text is scored by
// counting function words of English and of the romanised languages
// (Hinglish, Roman Urdu, Banglish, romanised Tamil/Sinhala/Nepali, Filipino);
// the most frequent wins, "und" when none is seen. It is a guess for routing
// and reports, not a classifier: Hindi and Urdu share most romanised function
// words, and ties go to the first language listed.
#include <array>
#include <string_view>
#include <unordered_map>

#include "detect/detector_internal.h"

namespace byteback::detect::internal {
namespace {

using normalize::Script;

enum LangIdx { kEn, kHiLatn, kUrLatn, kBnLatn, kTaLatn, kSiLatn, kNeLatn, kTl, kLangCount };
constexpr std::string_view kLangTags[kLangCount] = {"en",      "hi-Latn", "ur-Latn", "bn-Latn",
                                                   "ta-Latn", "si-Latn", "ne-Latn", "tl"};

const std::unordered_map<std::string_view, uint16_t>& FunctionWords() {
  static const auto* words = [] {
    auto* m = new std::unordered_map<std::string_view, uint16_t>();
    auto add = [m](LangIdx l, std::initializer_list<std::string_view> ws) {
      for (auto w : ws) (*m)[w] |= static_cast<uint16_t>(1u << l);
    };
    add(kEn, {"the", "is", "and", "you", "to", "of", "in", "that", "it", "for", "are", "this", "not", "be", "your",
              "with", "was", "have", "what", "she", "he", "they", "we", "will", "should", "her", "his", "on", "at",
              "an", "my", "me", "so", "but", "just", "like", "all", "who", "from", "about"});
    add(kHiLatn, {"hai", "hain", "nahi", "nahin", "kya", "mein", "main", "tum", "tu", "aur", "ko", "ki", "ka", "ke",
                  "se", "bhi", "yeh", "ye", "woh", "wo", "kar", "karo", "mat", "teri", "tera", "mera", "meri",
                  "sab", "bahut", "ho", "hota", "raha", "rahi", "gaya", "gayi", "log", "apni", "apna", "kuch",
                  "kaise", "kyun", "jab", "tab", "abhi", "hum", "unko", "isko", "usko", "wala", "wali"});
    add(kUrLatn, {"hai", "hain", "nahi", "nhi", "kya", "mein", "main", "tum", "aur", "ko", "ki", "ka", "ke", "se",
                  "bhi", "ye", "wo", "hy", "ha", "han", "ap", "aap", "kr", "ky", "sy", "mn", "tha", "thi", "apni",
                  "apna", "hum", "koi", "kuch", "sirf", "bohat", "bohot", "bht", "kyun", "kaisay", "hamesha",
                  "unhon", "jo", "ab", "yahan", "wahan", "liye", "lye"});
    add(kBnLatn, {"ami", "tumi", "apni", "na", "kore", "hoy", "ache", "amar", "tomar", "eta", "oi", "ar", "khub",
                  "kono", "keno", "bolo", "kichu", "shob", "amra", "tora", "tui", "tor", "kore", "korbe", "hobe",
                  "chilo", "ekta", "eder", "jonno"});
    add(kTaLatn, {"nee", "naan", "enna", "illa", "da", "di", "unga", "ennoda", "romba", "pola", "vaa", "ungal",
                  "avan", "aval", "inga", "anga", "ellam", "irukku", "pannu", "sollu", "paaru", "konjam"});
    add(kSiLatn, {"mama", "oya", "eka", "neda", "kiyala", "hari", "mokakda", "ne", "api", "eyala", "oyata",
                  "mata", "tiyenawa", "karanna", "nisa", "wage", "kauda", "ewa", "meka", "eka"});
    add(kNeLatn, {"ma", "timi", "cha", "chha", "ho", "hoina", "garna", "ramro", "kasto", "malai", "timilai",
                  "tapai", "lai", "bhayo", "thiyo", "pani", "yo", "tyo", "hunchha", "huncha", "garne"});
    add(kTl, {"ang", "ng", "mga", "sa", "ay", "hindi", "ko", "mo", "siya", "ako", "ikaw", "ito", "yan", "lang",
              "talaga", "po", "naman", "kayo", "tayo", "sila", "niya", "natin", "ba", "pa", "nga", "kasi"});
    return m;
  }();
  return *words;
}

bool HasNepaliMarker(const normalize::NormalizedText& nt) {
  static const std::unordered_map<std::string_view, int> kMarkers = {
      {"lai", 1}, {"chha", 1}, {"cha", 1}, {"chhan", 1}, {"chan", 1}, {"timi", 1},
      {"garna", 1}, {"hunchha", 1}, {"huncha", 1}, {"bhayo", 1}, {"thiyo", 1}, {"malai", 1}};
  for (const auto& t : nt.tokens)
    if (t.script == Script::kDevanagari && kMarkers.count(nt.folded(t))) return true;
  return false;
}

}  // namespace

void GuessLanguage(const normalize::NormalizedText& nt, Verdict* out) {
  size_t best = 0;
  uint32_t total = 0;
  for (size_t i = 0; i < nt.script_letters.size(); ++i) {
    total += nt.script_letters[i];
    if (nt.script_letters[i] > nt.script_letters[best]) best = i;
  }
  const Script script = total ? static_cast<Script>(best) : Script::kOther;
  out->script = script;
  switch (script) {
    case Script::kDevanagari: out->lang = HasNepaliMarker(nt) ? "ne" : "hi"; return;
    case Script::kArabic: out->lang = "ur"; return;
    case Script::kBengali: out->lang = "bn"; return;
    case Script::kTamil: out->lang = "ta"; return;
    case Script::kSinhala: out->lang = "si"; return;
    case Script::kLatin: break;
    default: out->lang = "und"; return;
  }
  std::array<int, kLangCount> votes{};
  const auto& words = FunctionWords();
  for (const auto& t : nt.tokens) {
    if (t.script != Script::kLatin) continue;
    auto it = words.find(nt.folded(t));
    if (it == words.end()) continue;
    for (int l = 0; l < kLangCount; ++l)
      if (it->second & (1u << l)) ++votes[static_cast<size_t>(l)];
  }
  size_t win = 0;
  for (size_t l = 1; l < kLangCount; ++l)
    if (votes[l] > votes[win]) win = l;
  out->lang = votes[win] > 0 ? std::string(kLangTags[win]) : "und";
}

}  // namespace byteback::detect::internal

namespace byteback::detect {

size_t LangGroup(std::string_view lang) {
  if (lang == "en") return 0;
  if (lang.size() > 5 && lang.substr(lang.size() - 5) == "-Latn") return 1;
  if (lang == "hi" || lang == "ur" || lang == "bn" || lang == "ta" || lang == "ne" || lang == "si") return 2;
  return 3;
}

std::string_view LangGroupName(size_t group) {
  static constexpr std::string_view kNames[kLangGroupCount] = {"en", "latn", "native", "other"};
  return group < kLangGroupCount ? kNames[group] : "other";
}

}  // namespace byteback::detect
