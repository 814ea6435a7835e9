// json_formats.cc: the JSON exports: X/Twitter tweets.js, Facebook and
// Instagram "Download your information", Telegram Desktop result.json and
// YouTube Data API comment lists. Each is streamed record by record through
// ReadJsonRecords; see docs/IMPORTS.md for the shapes accepted.
#include <cstdio>
#include <cstring>

#include "imports/json_records.h"

namespace byteback::imports::internal {
namespace {

using nlohmann::json;

// "Wed Oct 10 20:19:24 +0000 2018" -> ISO-8601 UTC; other strings unchanged.
std::string TwitterTime(const std::string& s) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char wday[4], mon[4], sign;
  unsigned d, hh, mm, ss, tzh, tzm, y;
  if (s.size() > 40 || std::sscanf(s.c_str(), "%3s %3s %u %u:%u:%u %c%2u%2u %u", wday, mon, &d, &hh, &mm, &ss,
                                   &sign, &tzh, &tzm, &y) != 10)
    return s;
  unsigned m = 0;
  for (unsigned i = 0; i < 12; ++i)
    if (std::strcmp(mon, kMonths[i]) == 0) m = i + 1;
  if (m == 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60 || y < 1970 || y > 9999) return s;
  int64_t t = DaysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
  const int64_t off = (tzh * 60 + tzm) * 60;
  t += sign == '-' ? off : -off;
  return IsoFromUnix(t);
}

// Unix seconds (or milliseconds when `ms`) in a JSON number or string.
std::string UnixTime(const json* v, bool ms) {
  if (v == nullptr) return {};
  int64_t t = 0;
  if (v->is_number_integer()) {
    t = v->get<int64_t>();
  } else if (v->is_string()) {
    uint64_t u;
    if (!ParseUint(v->get<std::string>(), &u)) return {};
    t = static_cast<int64_t>(u);
  } else {
    return {};
  }
  if (ms) t /= 1000;
  if (t <= 0 || t > 253402300799) return {};
  return IsoFromUnix(t);
}

// ---- X / Twitter ---------------------------------------------------------------
Status EmitTweet(Context& ctx, const json& tw, uint64_t offset) {
  Message m;
  m.text = JStr(tw, "full_text");
  if (m.text.empty()) m.text = JStr(tw, "text");
  const std::string id = JStr(tw, "id_str").empty() ? JStr(tw, "id") : JStr(tw, "id_str");
  if (id.empty() && m.text.empty()) return ctx.Skip(ctx.AtByte(offset), "tweet without id or text");
  if (const json* u = JPath(tw, {"user", "screen_name"}); u && u->is_string()) m.author = u->get<std::string>();
  m.time = TwitterTime(JStr(tw, "created_at"));
  if (!id.empty()) m.url = "https://x.com/i/web/status/" + id;
  const std::string reply_to = JStr(tw, "in_reply_to_status_id_str");
  m.thread = reply_to.empty() ? id : reply_to;
  m.source = ctx.AtByte(offset);
  return ctx.Emit(std::move(m));
}

// A direct-message conversation: {"dmConversation": {"conversationId", "messages": [{"messageCreate": {...}}]}}.
Status EmitDmConversation(Context& ctx, const json& conv, uint64_t offset) {
  const json* msgs = JPath(conv, {"messages"});
  if (msgs == nullptr || !msgs->is_array()) return ctx.Skip(ctx.AtByte(offset), "dmConversation without messages");
  for (const json& item : *msgs) {
    const json* mc = JPath(item, {"messageCreate"});
    if (mc == nullptr) continue;
    Message m;
    m.author = JStr(*mc, "senderId");
    m.text = JStr(*mc, "text");
    m.time = NormalizeTime(JStr(*mc, "createdAt"));
    m.thread = JStr(conv, "conversationId");
    m.source = ctx.AtByte(offset);
    BB_RETURN_IF_ERROR(ctx.Emit(std::move(m)));
  }
  return Status::Ok();
}

// ---- Facebook / Instagram ------------------------------------------------------------
// The folder holding the file (inbox/<thread>/message_1.json), else the file name.
std::string ThreadFromPath(const std::string& name) {
  size_t slash = name.find_last_of("/\\");
  if (slash == std::string::npos || slash == 0) return std::string(BaseName(name));
  size_t prev = name.find_last_of("/\\", slash - 1);
  return name.substr(prev == std::string::npos ? 0 : prev + 1, slash - (prev == std::string::npos ? 0 : prev + 1));
}

Status EmitMetaRecord(Context& ctx, JsonRecord& r) {
  const json& v = r.value;
  Message m;
  m.source = ctx.AtByte(r.offset);
  if (v.contains("sender_name")) {  // a message (Messenger / Instagram DM)
    m.author = RepairMojibake(JStr(v, "sender_name"));
    m.text = RepairMojibake(JStr(v, "content"));
    m.time = UnixTime(JPath(v, {"timestamp_ms"}), true);
    if (const json* link = JPath(v, {"share", "link"}); link && link->is_string()) m.url = link->get<std::string>();
    m.thread = RepairMojibake(ThreadFromPath(ctx.name));
    return ctx.Emit(std::move(m));
  }
  if (const json* data = JPath(v, {"data"}); data && data->is_array()) {  // Facebook comments_v2
    for (const json& d : *data) {
      const json* c = JPath(d, {"comment"});
      if (c == nullptr || !c->is_object()) continue;
      m.author = RepairMojibake(JStr(*c, "author"));
      m.text = RepairMojibake(JStr(*c, "comment"));
      m.time = UnixTime(JPath(*c, {"timestamp"}), false);
      if (m.time.empty()) m.time = UnixTime(JPath(v, {"timestamp"}), false);
      m.thread = RepairMojibake(JStr(v, "title"));
      return ctx.Emit(std::move(m));
    }
    return ctx.Skip(m.source, "comment record without data[].comment");
  }
  if (!r.path.empty() && r.path.front() == "comments_v2" && v.contains("title")) {
    // A comment that is only an attachment (photo, sticker): no text, still evidence.
    m.time = UnixTime(JPath(v, {"timestamp"}), false);
    m.thread = RepairMojibake(JStr(v, "title"));
    return ctx.Emit(std::move(m));
  }
  if (const json* smd = JPath(v, {"string_map_data"}); smd && smd->is_object()) {  // Instagram comments
    if (const json* c = JPath(*smd, {"Comment", "value"}); c && c->is_string())
      m.text = RepairMojibake(c->get<std::string>());
    else
      return ctx.Skip(m.source, "string_map_data without Comment");
    if (const json* o = JPath(*smd, {"Media Owner", "value"}); o && o->is_string())
      m.thread = "post by " + RepairMojibake(o->get<std::string>());
    m.time = UnixTime(JPath(*smd, {"Time", "timestamp"}), false);
    if (const json* h = JPath(*smd, {"Comment", "href"}); h && h->is_string()) m.url = h->get<std::string>();
    return ctx.Emit(std::move(m));
  }
  // Participants, images and other lists are not messages; say so only for
  // lists that should hold them.
  const std::string& list = r.path.empty() ? std::string() : r.path.front();
  if (list == "messages" || list.find("comment") != std::string::npos)
    return ctx.Skip(m.source, "record is neither a message nor a comment");
  return Status::Ok();
}

// ---- Telegram ---------------------------------------------------------------------
// "text" is a string or an array of strings and {"type", "text"} entities.
std::string TelegramText(const json& v) {
  auto it = v.find("text");
  if (it == v.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  std::string out;
  if (it->is_array())
    for (const json& part : *it) {
      if (part.is_string()) {
        out += part.get<std::string>();
      } else if (part.is_object()) {
        out += JStr(part, "text");
      }
      if (out.size() > kMaxRecordBytes) break;
    }
  return out;
}

Status EmitTelegram(Context& ctx, JsonRecord& r) {
  const json& v = r.value;
  if (JStr(v, "type") == "service") return Status::Ok();  // joins, pins, calls: not messages
  Message m;
  m.source = ctx.AtByte(r.offset);
  m.author = JStr(v, "from");
  if (m.author.empty()) m.author = JStr(v, "from_id");
  m.text = TelegramText(v);
  m.time = UnixTime(JPath(v, {"date_unixtime"}), false);
  if (m.time.empty()) m.time = JStr(v, "date");
  m.thread = r.context_name;
  if (m.author.empty() && m.text.empty() && JStr(v, "id").empty())
    return ctx.Skip(m.source, "message without id, sender or text");
  return ctx.Emit(std::move(m));
}

// ---- YouTube Data API -------------------------------------------------------------------
Status EmitYouTubeComment(Context& ctx, const json& c, const std::string& video, uint64_t offset) {
  const json* sn = JPath(c, {"snippet"});
  if (sn == nullptr || !sn->is_object()) return ctx.Skip(ctx.AtByte(offset), "comment without snippet");
  Message m;
  m.author = JStr(*sn, "authorDisplayName");
  m.text = JStr(*sn, "textOriginal");
  if (m.text.empty()) m.text = JStr(*sn, "textDisplay");
  m.time = NormalizeTime(JStr(*sn, "publishedAt"));
  m.thread = JStr(*sn, "videoId").empty() ? video : JStr(*sn, "videoId");
  const std::string id = JStr(c, "id");
  if (!m.thread.empty()) m.url = "https://www.youtube.com/watch?v=" + m.thread + (id.empty() ? "" : "&lc=" + id);
  m.source = ctx.AtByte(offset);
  return ctx.Emit(std::move(m));
}

Status EmitYouTubeRecord(Context& ctx, JsonRecord& r) {
  const json& v = r.value;
  if (JStr(v, "kind") == "youtube#commentThread") {
    const std::string video = JStr(JPath(v, {"snippet"}) ? *JPath(v, {"snippet"}) : json(), "videoId");
    const json* top = JPath(v, {"snippet", "topLevelComment"});
    if (top == nullptr) return ctx.Skip(ctx.AtByte(r.offset), "commentThread without topLevelComment");
    BB_RETURN_IF_ERROR(EmitYouTubeComment(ctx, *top, video, r.offset));
    if (const json* replies = JPath(v, {"replies", "comments"}); replies && replies->is_array())
      for (const json& reply : *replies) BB_RETURN_IF_ERROR(EmitYouTubeComment(ctx, reply, video, r.offset));
    return Status::Ok();
  }
  return EmitYouTubeComment(ctx, v, "", r.offset);
}

}  // namespace

Status ReadTwitter(Context& ctx) {
  // Skip "window.YTD.tweets.part0 = " (a plain JSON array is accepted too).
  std::string prefix;
  for (;;) {
    int c = ctx.in.peek();
    if (c == std::char_traits<char>::eof())
      return Status::InvalidArgument(ctx.AtByte(ctx.src.consumed()) + ": truncated tweets.js (no JSON array)");
    if (c == '[' || c == '{') break;
    ctx.in.get();
    prefix.push_back(static_cast<char>(c));
    if (prefix.size() > 256)
      return Status::InvalidArgument(ctx.AtByte(0) +
                                     ": not a tweets.js: expected 'window.YTD.<name>.part0 = [' at the start");
  }
  auto match = [](const std::vector<std::string>& p) { return p.size() == 1 && p[0] == "[]"; };
  auto on_record = [&ctx](JsonRecord&& r) -> Status {
    const json& v = r.value;
    if (const json* tw = JPath(v, {"tweet"}); tw && tw->is_object()) return EmitTweet(ctx, *tw, r.offset);
    if (const json* dm = JPath(v, {"dmConversation"}); dm && dm->is_object())
      return EmitDmConversation(ctx, *dm, r.offset);
    if (v.contains("full_text") || v.contains("id_str")) return EmitTweet(ctx, v, r.offset);
    return ctx.Skip(ctx.AtByte(r.offset), "record is neither a tweet nor a dmConversation");
  };
  return ReadJsonRecords(ctx, match, on_record, /*allow_trailing=*/true);
}

Status ReadFacebookOrInstagram(Context& ctx) {
  // Records: elements of a top-level array, or of a list under a top-level key
  // ("messages", "comments_v2", "comments_reels_comments", ...).
  auto match = [](const std::vector<std::string>& p) {
    return (p.size() == 1 && p[0] == "[]") || (p.size() == 2 && p[1] == "[]");
  };
  auto on_record = [&ctx](JsonRecord&& r) { return EmitMetaRecord(ctx, r); };
  return ReadJsonRecords(ctx, match, on_record);
}

Status ReadTelegram(Context& ctx) {
  // One chat: {"name", "messages": [...]}; a full export: {"chats": {"list": [{"name", "messages": [...]}]}}.
  auto match = [](const std::vector<std::string>& p) {
    return p.size() >= 2 && p[p.size() - 1] == "[]" && p[p.size() - 2] == "messages";
  };
  auto on_record = [&ctx](JsonRecord&& r) { return EmitTelegram(ctx, r); };
  return ReadJsonRecords(ctx, match, on_record);
}

Status ReadYouTubeJson(Context& ctx) {
  // {"items": [...]} (an API response) or a top-level array of resources.
  auto match = [](const std::vector<std::string>& p) {
    return (p.size() == 1 && p[0] == "[]") || (p.size() == 2 && p[0] == "items" && p[1] == "[]");
  };
  auto on_record = [&ctx](JsonRecord&& r) { return EmitYouTubeRecord(ctx, r); };
  return ReadJsonRecords(ctx, match, on_record);
}

}  // namespace byteback::imports::internal
