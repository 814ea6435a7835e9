window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1580000000000000001" ], "editableUntil" : "2022-10-12T10:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ { "name" : "Ayesha Khan", "screen_name" : "ayesha_reports", "indices" : [ "0", "15" ], "id_str" : "111", "id" : "111" } ], "urls" : [ ] },
      "display_text_range" : [ "0", "60" ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1579999999999999999",
      "id_str" : "1580000000000000001",
      "in_reply_to_user_id" : "111",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1580000000000000001",
      "in_reply_to_status_id" : "1579999999999999999",
      "created_at" : "Wed Oct 12 09:30:00 +0000 2022",
      "favorited" : false,
      "full_text" : "@ayesha_reports Thank you for the report & the <data>",
      "lang" : "en",
      "in_reply_to_screen_name" : "ayesha_reports",
      "in_reply_to_user_id_str" : "111"
    }
  },
  {
    "tweet" : {
      "id_str" : "1580000000000000002",
      "id" : "1580000000000000002",