"""English function words and news-reporting filler that say nothing about which event a story is."""
from __future__ import annotations

STOPWORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although always am among
amongst an and another any anyone anything anyway anywhere are around as at back be became because become becomes
been before beforehand behind being below beside besides between beyond both but by can cannot could did do does
doing done down due during each either else elsewhere enough etc even ever every everyone everything everywhere
except few for former formerly from further get gets got had has have having he hence her here hereafter hereby
herein hers herself him himself his how however i if in indeed into is it its itself just last latter least less
let like made make many may me meanwhile might mine more moreover most mostly much must my myself namely neither
never nevertheless next no nobody none nor not nothing now nowhere of off often on once one only onto or other
others otherwise our ours ourselves out over own per perhaps please put quite rather re really same say says said
see seem seemed seems several she should show since so some somehow someone something sometime sometimes somewhere
still such than that the their theirs them themselves then thence there thereafter thereby therefore therein
thereupon these they this those though through throughout thru thus to together too toward towards under until
up upon us used using very via was we well were what whatever when whence whenever where whereafter whereas whereby
wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within without
would yet you your yours yourself yourselves
mr mrs ms dr told tell tells according reported reports report reporting added adding says saying
new news year years day days week weeks month months time times today yesterday tomorrow
monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
http https www com html htm org net
""".split())
