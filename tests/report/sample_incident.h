// sample_incident.h: a sample incident for the report tests: Hindi, Urdu,
// Bengali and English messages (abuse terms from data/lexicons), a mixed-
// script message, a long one that must wrap across lines and pages, Tamil and
// Sinhala in the summary.
#ifndef BYTEBACK_TESTS_REPORT_SAMPLE_INCIDENT_H_
#define BYTEBACK_TESTS_REPORT_SAMPLE_INCIDENT_H_

#include <string>

#include "report/report.h"

namespace byteback::report {

inline ReportMessage Msg(std::string time, std::string platform, std::string author, std::string text,
                         std::string lang, float abusive, std::vector<std::string> labels) {
  ReportMessage m;
  m.time = std::move(time);
  m.platform = std::move(platform);
  m.author = std::move(author);
  m.url = "https://x.com/" + m.author.substr(1) + "/status/1861234567890123456";
  m.text = std::move(text);
  m.lang = std::move(lang);
  m.scores = {{"abusive", abusive}, {"gendered", abusive - 0.05f}, {"threat", 0.12f}};
  m.labels = std::move(labels);
  m.sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  return m;
}

inline ReportInput SampleIncident() {
  ReportInput in;
  in.title = "Complaint: online harassment of a journalist";
  in.destination = "Pakistan FIA Cyber Crime Wing";
  in.fields = {{"Full name", "Ayesha Khan (عائشہ خان)"},
               {"CNIC number", "35202-1234567-1"},
               {"Profession", "Television anchor, Lahore"},
               {"Email", "ayesha@example.org"}};
  in.summary =
      "After my broadcast on 19 November hundreds of abusive replies arrived overnight in Urdu, Roman Urdu, "
      "Hindi, Bengali and English, including threats to kill me. Colleagues in Chennai and Colombo saw the "
      "same accounts: தமிழ் ஊடகவியலாளர் and සිංහල මාධ්‍යවේදිනිය were targeted too.";
  in.timeline = {{"2026-11-19 21:00 PKT", "Broadcast on election violence."},
                 {"2026-11-19 23:40 PKT", "First threats in replies on X; pile-on through the night."},
                 {"2026-11-21 10:15 PKT", "Screenshots and exports collected with Byte Back."}};
  in.messages = {
      Msg("2026-11-19 23:41", "X", "@attacker_one", "तुम रंडी हो, जान से मार देंगे", "hi", 0.97f,
          {"abusive", "gendered", "threat"}),
      Msg("2026-11-19 23:52", "X", "@attacker_two", "تم گشتی ہو، گولی مار دوں گا", "ur", 0.96f,
          {"abusive", "gendered", "threat"}),
      Msg("2026-11-20 01:10", "Facebook", "@bd_troll", "খানকি মাগী, তোকে দেখে নেব", "bn", 0.93f,
          {"abusive", "gendered"}),
      Msg("2026-11-20 02:03", "X", "@attacker_one", "shut up you stupid bitch, I will kill you", "en", 0.99f,
          {"abusive", "gendered", "threat"}),
      Msg("2026-11-20 02:30", "YouTube", "@mixed_up", "Ayesha is a رنڈی and a रंडी, everyone share this #shame",
          "ur", 0.91f, {"abusive", "gendered"}),
  };
  std::string long_text;
  for (int i = 0; i < 60; ++i) long_text += "you will regret every word you said on air, we know where you live. ";
  in.messages.push_back(Msg("2026-11-21 08:00", "X", "@attacker_two", long_text, "en", 0.88f, {"abusive", "threat"}));
  // Counted from the messages above, as the server counts them.
  in.handles = {{"@attacker_one", "X", 2}, {"@attacker_two", "X", 2}, {"@bd_troll", "Facebook", 1},
                {"@mixed_up", "YouTube", 1}};
  in.per_day = {{"2026-11-19", 2}, {"2026-11-20", 3}, {"2026-11-21", 1}};
  in.chain_head = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";
  in.signature = std::string(128, 'a');
  in.public_key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  in.generated_at = "2026-11-25 10:00 UTC";
  return in;
}

}  // namespace byteback::report

#endif  // BYTEBACK_TESTS_REPORT_SAMPLE_INCIDENT_H_
