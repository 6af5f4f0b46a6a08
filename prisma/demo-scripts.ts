// Draft call scripts in isiZulu, Sesotho and Chichewa for the demo (issue 16): most demo clients
// prefer these languages. They are DRAFTS written without a native speaker's check, so the call
// screen shows them under a "draft - not yet checked by a native speaker" banner until an
// administrator approves them (/admin/scripts). These three languages have no gendered pronouns:
// one variant (the default, FEMALE) serves every client. tests/unit/content-demo-scripts.test.ts
// checks each passes the script rules (identity check first, no health word before it).
import type { ScriptBody } from "@/lib/content/rules";

const IDENTITY: Record<string, string> = {
  zu: "Sawubona, ngicela ukukhuluma no-{firstName}. Ngingu-{mentorName}. Ingabe ukhululekile ukukhuluma manje, ungedwa?",
  st: "Dumela, nka bua le {firstName} ka kopo? Ke {mentorName}. Na o lokolohile ho bua hona joale, o le mong?",
  ny: "Moni, kodi ndingalankhule ndi {firstName}? Ndine {mentorName}. Kodi muli ndi mpata wolankhula tsopano, muli nokha?",
};

const SAY: Record<string, Record<string, string>> = {
  zu: {
    missed: "Besingakuboni emtholampilo ngosuku obekufanele uye ngalo. Kukhona okwenze kwaba nzima ukuya? Ungaya nini?",
    eac_high: "Umphumela wakho wokugcina we-viral load uphezulu. Ake sikhulume ngokuthi yini eyenza kube nzima ukuphuza amaphilisi nsuku zonke. Ngicela uye emtholampilo kuleli sonto.",
    eac_low: "Umphumela wakho we-viral load awukehli ngokuphelele. Ukuphuza amaphilisi ngesikhathi esifanayo nsuku zonke kuzosiza.",
    appointment: "Ngikukhumbuza ngosuku lwakho lokuya emtholampilo ezinsukwini ezimbalwa ezizayo. Uzokwazi ukuya ngalolo suku?",
    visit_check: "Bekufanele uye emtholampilo ezinsukwini ezimbalwa ezedlule. Ukwazile ukuya?",
    welcome: "Siyakwamukela! Ngizokushayela ngezikhathi ezithile ukuzwa ukuthi unjani. Yisikhathi esihle lesi sokukushayela?",
    adherence: "Unjani selokhu sagcina ukukhuluma? Amaphilisi akho ahamba kanjani: ukhona owaphuthile ezinsukwini eziyisikhombisa ezedlule?",
    infant_test: "Ingane yakho kufanele ihlolwe emtholampilo maduze. Ungayiyisa nini?",
    callback: "Uthe ngikushayele ngalesi sikhathi. Yisikhathi esihle manje sokukhuluma?",
    reply: "Uphendule umlayezo wethu wesikhumbuzo. Yisikhathi esihle manje sokukhuluma? Ngingakusiza ngani?",
    vl_due: "Sekuyisikhathi sokuhlolwa kwe-viral load. Ungaya nini emtholampilo?",
  },
  st: {
    missed: "Ha re a o bona tleliniking ka letsatsi la hao. Ho na le se ileng sa o thibela? O ka ya neng?",
    eac_high: "Sephetho sa hao sa ho qetela sa viral load se phahame. Ha re bue ka se etsang hore ho be thata ho nwa dipilisi letsatsi le leng le le leng. Ka kopo eya tleliniking bekeng ena.",
    eac_low: "Sephetho sa hao sa viral load ha se so theohe ka ho feletseng. Ho nwa dipilisi ka nako e tshwanang letsatsi le leng le le leng ho tla thusa.",
    appointment: "Ke o hopotsa ka letsatsi la hao la ho ya tleliniking matsatsing a mmalwa a tlang. O tla kgona ho ya?",
    visit_check: "O ne o lokela ho ya tleliniking matsatsing a mmalwa a fetileng. O kgonne ho ya?",
    welcome: "O amohelehile! Ke tla o letsetsa ka dinako tse itseng ho utlwa hore o phela jwang. Na ena ke nako e ntle ya ho o letsetsa?",
    adherence: "O phela jwang esale re qetela ho bua? Dipilisi tsa hao di tsamaya jwang: na o fetilwe ke tse ding matsatsing a supileng a fetileng?",
    infant_test: "Ngwana wa hao o lokela ho hlahlojwa tleliniking haufinyane. O ka mo isa neng?",
    callback: "O kopile hore ke o letsetse ka nako ena. Na ke nako e ntle ho bua hona joale?",
    reply: "O arabile molaetsa wa rona wa kgopotso. Na ke nako e ntle ho bua hona joale? Nka o thusa ka eng?",
    vl_due: "Ke nako ya teko ya hao ya viral load. O ka ya tleliniking neng?",
  },
  ny: {
    missed: "Sitinakuoneni ku chipatala pa tsiku lanu. Kodi chinakuvutani ndi chiyani? Mungapite liti?",
    eac_high: "Zotsatira zanu zomaliza za viral load zili mmwamba. Tiyeni tikambirane zomwe zimakuvutani kumwa mapiritsi tsiku lililonse. Chonde pitani ku chipatala sabata ino.",
    eac_low: "Zotsatira zanu za viral load sizinatsike kwenikweni. Kumwa mapiritsi nthawi imodzi tsiku lililonse kungathandize.",
    appointment: "Ndikukumbutsani za tsiku lanu lopita ku chipatala masiku akubwerawa. Kodi mudzatha kupita?",
    visit_check: "Munayenera kupita ku chipatala masiku angapo apitawa. Kodi munapita?",
    welcome: "Takulandirani! Ndizikuyimbirani nthawi ndi nthawi kuti ndimve momwe mukuchitira. Kodi ino ndi nthawi yabwino yokuyimbirani?",
    adherence: "Muli bwanji kuchokera pamene tinalankhula? Mapiritsi anu akuyenda bwanji: kodi munaphonya ena masiku asanu ndi awiri apitawa?",
    infant_test: "Mwana wanu akuyenera kukayezedwa ku chipatala posachedwa. Mungamutenge liti?",
    callback: "Munapempha kuti ndikuyimbireni nthawi ino. Kodi ndi nthawi yabwino kulankhula tsopano?",
    reply: "Mwayankha uthenga wathu wokukumbutsani. Kodi ndi nthawi yabwino kulankhula tsopano? Ndingakuthandizeni bwanji?",
    vl_due: "Yakwana nthawi yoti mukayezetse viral load. Mungapite liti ku chipatala?",
  },
};

export type DemoScript = { key: string; language: string; variant: "FEMALE"; body: ScriptBody };

export const DEMO_SCRIPT_DRAFTS: DemoScript[] = Object.entries(SAY).flatMap(([language, byReason]) =>
  Object.entries(byReason).map(([key, say]) => ({
    key,
    language,
    variant: "FEMALE" as const,
    body: { steps: [{ type: "identity" as const, text: IDENTITY[language]! }, { type: "say" as const, text: say }] },
  })),
);
