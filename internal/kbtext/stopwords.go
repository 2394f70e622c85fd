package kbtext

// stop words are dropped from queries: they match nearly every article and
// would only make long questions slow and their ranking noisy. The lists
// are folded (no diacritics) because they are compared with folded words.
var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{stopEN, stopDE, questionEN, questionDE} {
		w := ""
		for _, r := range list + " " {
			if r == ' ' || r == '\n' {
				if w != "" {
					m[w] = true
				}
				w = ""
				continue
			}
			w += string(r)
		}
	}
	return m
}()

// IsStopWord reports whether the folded word w carries no meaning for search.
func IsStopWord(w string) bool { return stop[w] }

const stopEN = `a about above after again against all am an and any are aren as at be
because been before being below between both but by can cannot could couldn did didn do
does doesn doing don down during each few for from further get gets got had hadn has hasn
have haven having he her here hers herself him himself his how i if in into is isn it its
itself just let me more most mustn my myself no nor not now of off on once only or other
ought our ours ourselves out over own please same shan she should shouldn so some such
than that the their theirs them themselves then there these they this those through to
too under until up very was wasn we were weren what when where which while who whom why
will with won would wouldn you your yours yourself yourselves also still even ever really
s t ll ve re d m hi hello thanks thank regards dear want wanted need needs like would
many much`

const stopDE = `aber alle allem allen aller alles als also am an ander andere anderem anderen
anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann
das dass dasselbe dazu dein deine deinem deinen deiner deines dem demselben den denn
denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe
dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure
eurem euren eurer eures fur gegen gewesen hab habe haben hat hatte hatten hier hin hinter
ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden
jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner
keines konnen konnte machen man manche manchem manchen mancher manches mein meine meinem
meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne
sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem
solchen solcher solches soll sollte sondern sonst uber um und uns unsere unserem unseren
unser unseres unter viel vom von vor wahrend war waren warst was weg weil weiter welche
welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
wollte wurde wurden zu zum zur zwar zwischen bitte danke hallo gruss grusse`

// Words of question phrasing ("how do I", "is it possible to", "wie kann
// ich", "gibt es eine Möglichkeit"): they say that something is asked, not
// what, and matched whichever article repeats them.
const questionEN = `able possible possibly way anyone someone somebody anybody tell know
let us trying try tried supposed`

const questionDE = `moglich moglichkeit gibt geht mochte mochten konnen konnte kann
bekomme jemand irgendwie eigentlich`
