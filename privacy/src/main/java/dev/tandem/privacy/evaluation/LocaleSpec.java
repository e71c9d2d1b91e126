package dev.tandem.privacy.evaluation;

import static java.util.Map.entry;

import dev.tandem.privacy.evaluation.AddressSetGenerator.Split;
import java.util.List;
import java.util.Map;

/**
 * One country-and-language of the {@link AddressSetGenerator}: its template country, street style,
 * street-name stems, cities and postcode shape ({@code 9} a digit, {@code A} a capital letter). The
 * stems, cities and sentences were written for Tandem; each locale has its own, so the train and test
 * splits share none.
 */
record LocaleSpec(
        String country,
        String templateCountry,
        String language,
        Split split,
        StreetStyle style,
        List<String> stems,
        List<String> cities,
        String postcodeShape,
        List<String> states,
        String countryName) {

    enum StreetStyle {
        /** "Oak Street": the street type follows the name. */
        TYPE_AFTER,
        /** "Via Roma", "rue de la Paix", "Calle Mayor": the street type comes first. */
        TYPE_BEFORE,
        /** "Hauptstraße", "Kiannonkatu", "Storgata": the type is a suffix of one word. */
        COMPOUND
    }

    List<String> inlineCarriers() {
        return INLINE.get(language);
    }

    List<String> blockCarriers() {
        return BLOCK.get(language);
    }

    private static LocaleSpec of(
            String country,
            String language,
            Split split,
            StreetStyle style,
            String postcode,
            String countryName,
            List<String> stems,
            List<String> cities) {
        return new LocaleSpec(
                country, country, language, split, style, stems, cities, postcode, List.of(), countryName);
    }

    static final List<LocaleSpec> ALL = List.of(
            // English
            new LocaleSpec(
                    "US",
                    "US",
                    "en",
                    Split.TRAIN,
                    StreetStyle.TYPE_AFTER,
                    List.of(
                            "Oak",
                            "Maple",
                            "Washington",
                            "Lincoln",
                            "Cedar",
                            "Lake",
                            "Hill",
                            "Park",
                            "Elm",
                            "Pine",
                            "Jefferson",
                            "Sunset",
                            "Highland",
                            "Walnut",
                            "Madison"),
                    List.of("Springfield", "Denver", "Austin", "Portland", "Columbus", "Raleigh", "Omaha", "Tucson"),
                    "99999",
                    List.of("CA", "TX", "NY", "OR", "OH", "NC", "NE", "AZ", "CO"),
                    "United States"),
            of(
                    "GB",
                    "en",
                    Split.TRAIN,
                    StreetStyle.TYPE_AFTER,
                    "AA9 9AA",
                    "United Kingdom",
                    List.of(
                            "Church",
                            "Victoria",
                            "Station",
                            "Mill",
                            "Queen's",
                            "Kingsway",
                            "Albert",
                            "Manor",
                            "Orchard",
                            "Meadow",
                            "Chapel",
                            "Windsor"),
                    List.of("Leeds", "Bristol", "Norwich", "York", "Cardiff", "Exeter", "Derby", "Bath")),
            new LocaleSpec(
                    "CA",
                    "CA",
                    "en",
                    Split.TRAIN,
                    StreetStyle.TYPE_AFTER,
                    List.of("Yonge", "Bloor", "Dundas", "Granville", "Rideau", "Portage", "Jasper", "Spadina"),
                    List.of("Toronto", "Ottawa", "Winnipeg", "Halifax", "Calgary", "Victoria"),
                    "A9A 9A9",
                    List.of("ON", "MB", "NS", "AB", "BC"),
                    "Canada"),
            new LocaleSpec(
                    "US-MIL",
                    "US",
                    "en",
                    Split.TRAIN,
                    StreetStyle.TYPE_AFTER,
                    List.of(),
                    List.of(),
                    "99999",
                    List.of(),
                    "United States"),
            new LocaleSpec(
                    "US-MIL",
                    "US",
                    "en",
                    Split.TEST,
                    StreetStyle.TYPE_AFTER,
                    List.of(),
                    List.of(),
                    "99999",
                    List.of(),
                    "United States"),
            of(
                    "IE",
                    "en",
                    Split.TEST,
                    StreetStyle.TYPE_AFTER,
                    "A99 A9A9",
                    "Ireland",
                    List.of("Grafton", "Patrick", "Shandon", "Eyre", "O'Connell", "Parnell", "Mainguard", "Quay"),
                    List.of("Galway", "Cork", "Limerick", "Sligo", "Kilkenny", "Athlone")),
            new LocaleSpec(
                    "AU",
                    "AU",
                    "en",
                    Split.TEST,
                    StreetStyle.TYPE_AFTER,
                    List.of("Flinders", "Bourke", "Hindley", "Murray", "Wattle", "Banksia", "Coogee", "Sturt"),
                    List.of("Adelaide", "Hobart", "Geelong", "Cairns", "Ballarat", "Darwin"),
                    "9999",
                    List.of("SA", "TAS", "VIC", "QLD", "NT"),
                    "Australia"),
            // German
            of(
                    "DE",
                    "de",
                    Split.TRAIN,
                    StreetStyle.COMPOUND,
                    "99999",
                    "Deutschland",
                    List.of(
                            "Haupt",
                            "Bahnhof",
                            "Schiller",
                            "Goethe",
                            "Linden",
                            "Kirch",
                            "Berliner ",
                            "Garten",
                            "Mozart",
                            "Birken",
                            "Schul",
                            "Wald"),
                    List.of("Berlin", "Köln", "Leipzig", "Bremen", "Kassel", "Freiburg", "Münster", "Ulm")),
            of(
                    "AT",
                    "de",
                    Split.TEST,
                    StreetStyle.COMPOUND,
                    "9999",
                    "Österreich",
                    List.of(
                            "Mariahilfer ",
                            "Herren",
                            "Kärntner ",
                            "Landstraßer ",
                            "Burg",
                            "Donau",
                            "Wiener ",
                            "Sonnen"),
                    List.of("Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Villach")),
            of(
                    "CH",
                    "de",
                    Split.TEST,
                    StreetStyle.COMPOUND,
                    "9999",
                    "Schweiz",
                    List.of("Löwen", "Zürcher ", "Limmat", "Spital", "Seefeld", "Aare", "Münster", "Rhein"),
                    List.of("Zürich", "Bern", "Basel", "Luzern", "Winterthur", "St. Gallen")),
            // French
            new LocaleSpec(
                    "FR",
                    "FR",
                    "fr",
                    Split.TRAIN,
                    StreetStyle.TYPE_BEFORE,
                    List.of(
                            "de la Paix",
                            "Victor Hugo",
                            "des Lilas",
                            "du Général Leclerc",
                            "Jean Jaurès",
                            "de la Gare",
                            "des Écoles",
                            "Pasteur",
                            "de Verdun",
                            "du Moulin",
                            "Gambetta",
                            "des Tilleuls"),
                    List.of("Lyon", "Nantes", "Lille", "Rennes", "Dijon", "Toulouse", "Grenoble", "Reims"),
                    "99999",
                    List.of(),
                    "France"),
            of(
                    "BE",
                    "fr",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    "9999",
                    "Belgique",
                    List.of(
                            "Royale",
                            "de la Loi",
                            "du Midi",
                            "Louise",
                            "des Bouchers",
                            "Neuve",
                            "de Namur",
                            "du Trône"),
                    List.of("Bruxelles", "Liège", "Namur", "Charleroi", "Mons", "Wavre")),
            new LocaleSpec(
                    "LU",
                    "LU",
                    "fr",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    List.of("de la Liberté", "Notre-Dame", "du Fossé", "de Hollerich", "d'Esch", "Grande-Duchesse"),
                    List.of("Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange"),
                    "L-9999",
                    List.of(),
                    "Luxembourg"),
            // Spanish
            of(
                    "ES",
                    "es",
                    Split.TRAIN,
                    StreetStyle.TYPE_BEFORE,
                    "99999",
                    "España",
                    List.of(
                            "Mayor",
                            "de la Constitución",
                            "del Sol",
                            "de Alcalá",
                            "San Vicente",
                            "de Cervantes",
                            "Real",
                            "de la Paz",
                            "del Carmen",
                            "Nueva",
                            "de Goya",
                            "del Mar"),
                    List.of("Madrid", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Málaga", "Granada", "Murcia")),
            new LocaleSpec(
                    "MX",
                    "MX",
                    "es",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    List.of(
                            "Reforma",
                            "Insurgentes Sur",
                            "de los Héroes",
                            "Juárez",
                            "Hidalgo",
                            "Morelos",
                            "Revolución"),
                    List.of("Puebla", "Guadalajara", "Monterrey", "Oaxaca", "Mérida", "Querétaro"),
                    "99999",
                    List.of(),
                    "México"),
            of(
                    "AR",
                    "es",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    "A9999AAA",
                    "Argentina",
                    List.of("Corrientes", "de Mayo", "Rivadavia", "Santa Fe", "Belgrano", "Sarmiento", "San Martín"),
                    List.of("Córdoba", "Rosario", "Mendoza", "La Plata", "Salta", "Tucumán")),
            // Italian
            of(
                    "IT",
                    "it",
                    Split.TRAIN,
                    StreetStyle.TYPE_BEFORE,
                    "99999",
                    "Italia",
                    List.of(
                            "Roma",
                            "Garibaldi",
                            "Mazzini",
                            "Cavour",
                            "Dante",
                            "dei Mille",
                            "Vittorio Emanuele",
                            "della Repubblica",
                            "Verdi",
                            "San Marco",
                            "Marconi",
                            "dei Fiori"),
                    List.of("Milano", "Torino", "Bologna", "Firenze", "Napoli", "Verona", "Padova", "Bari")),
            of(
                    "SM",
                    "it",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    "4789 9",
                    "San Marino",
                    List.of("del Voltone", "Gino Giacomini", "Ventotto Luglio", "della Pace", "Piana", "del Serrone"),
                    List.of("San Marino", "Serravalle", "Borgo Maggiore", "Domagnano")),
            new LocaleSpec(
                    "CH-it",
                    "CH",
                    "it",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    List.of("Nassa", "Pretorio", "Cattori", "San Gottardo", "Lugano", "Canonica"),
                    List.of("Lugano", "Bellinzona", "Locarno", "Mendrisio"),
                    "6999",
                    List.of(),
                    "Svizzera"),
            // Dutch
            of(
                    "NL",
                    "nl",
                    Split.TRAIN,
                    StreetStyle.COMPOUND,
                    "9999 AA",
                    "Nederland",
                    List.of(
                            "Kerk",
                            "Dorps",
                            "Molen",
                            "Prinsen",
                            "Heren",
                            "Beuk",
                            "Zuid",
                            "Wilhelmina",
                            "Oranje",
                            "Bloemen"),
                    List.of("Utrecht", "Haarlem", "Leiden", "Groningen", "Delft", "Zwolle", "Arnhem", "Breda")),
            new LocaleSpec(
                    "BE-nl",
                    "BE",
                    "nl",
                    Split.TEST,
                    StreetStyle.COMPOUND,
                    List.of("Meir", "Veld", "Brugse ", "Kouter", "Groen", "Vlaanderen", "Schelde", "Leie"),
                    List.of("Antwerpen", "Gent", "Brugge", "Leuven", "Mechelen", "Hasselt"),
                    "9999",
                    List.of(),
                    "België"),
            // Nordic
            of(
                    "SE",
                    "sv",
                    Split.TRAIN,
                    StreetStyle.COMPOUND,
                    "999 99",
                    "Sverige",
                    List.of("Drottning", "Kungs", "Stor", "Skol", "Kyrko", "Björk", "Sjö", "Ängs", "Norr", "Strand"),
                    List.of("Uppsala", "Göteborg", "Malmö", "Umeå", "Lund", "Örebro", "Västerås")),
            of(
                    "DK",
                    "da",
                    Split.TRAIN,
                    StreetStyle.COMPOUND,
                    "9999",
                    "Danmark",
                    List.of("Nørre", "Vester", "Skole", "Kirke", "Strand", "Bøge", "Mølle", "Hav", "Enghave", "Rosen"),
                    List.of("Aarhus", "Odense", "Aalborg", "Esbjerg", "Roskilde", "Vejle", "Horsens")),
            of(
                    "NO",
                    "nb",
                    Split.TEST,
                    StreetStyle.COMPOUND,
                    "9999",
                    "Norge",
                    List.of(
                            "Øvre Slotts",
                            "Prinsens ",
                            "Dronning",
                            "Thorvald Meyers ",
                            "Bjørke",
                            "Fjord",
                            "Sol",
                            "Elve"),
                    List.of("Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen", "Bodø")),
            of(
                    "FI",
                    "fi",
                    Split.TEST,
                    StreetStyle.COMPOUND,
                    "99999",
                    "Suomi",
                    List.of("Kiannon", "Mannerheimin", "Hämeen", "Kauppa", "Koulu", "Kirkko", "Satama", "Puisto"),
                    List.of("Tampere", "Turku", "Oulu", "Kuopio", "Jyväskylä", "Lahti")),
            of(
                    "IS",
                    "is",
                    Split.TEST,
                    StreetStyle.COMPOUND,
                    "999",
                    "Ísland",
                    List.of("Golfskálinn", "Lauga", "Hverfis", "Skóla", "Bergstaða", "Hring", "Sól", "Álfa"),
                    List.of("Reykjavík", "Akureyri", "Kópavogur", "Hafnarfjörður", "Selfoss")),
            // Greek
            of(
                    "GR",
                    "el",
                    Split.TRAIN,
                    StreetStyle.TYPE_BEFORE,
                    "999 99",
                    "Ελλάδα",
                    List.of(
                            "Ερμού",
                            "Σταδίου",
                            "Πανεπιστημίου",
                            "Αθηνάς",
                            "Αριστοτέλους",
                            "Ακαδημίας",
                            "Σόλωνος",
                            "Πατησίων",
                            "Τσιμισκή",
                            "Εγνατίας"),
                    List.of("Αθήνα", "Θεσσαλονίκη", "Πάτρα", "Ηράκλειο", "Βόλος", "Λάρισα", "Ιωάννινα")),
            of(
                    "CY",
                    "el",
                    Split.TEST,
                    StreetStyle.TYPE_BEFORE,
                    "9999",
                    "Κύπρος",
                    List.of(
                            "Μακαρίου",
                            "Λήδρας",
                            "Αρχιεπισκόπου Κυπριανού",
                            "Γλάδστωνος",
                            "Μεγάλη Άμμος",
                            "Ονασαγόρου"),
                    List.of("Λευκωσία", "Λεμεσός", "Λάρνακα", "Πάφος", "Αμμόχωστος")));

    // "{ADDRESS}" marks where the address goes; some sentences have an address cue, some do not.
    private static final Map<String, List<String>> INLINE = Map.ofEntries(
            entry(
                    "en",
                    List.of(
                            "Please send the parcel to {ADDRESS}.",
                            "I live at {ADDRESS}, near the park.",
                            "{ADDRESS}",
                            "My address changed to {ADDRESS} last month.",
                            "Ship it to {ADDRESS} by Friday please",
                            "we moved to {ADDRESS}",
                            "Can the technician come to {ADDRESS} tomorrow?")),
            entry(
                    "de",
                    List.of(
                            "Bitte schicken Sie das Paket an {ADDRESS}.",
                            "Ich wohne in der {ADDRESS}.",
                            "{ADDRESS}",
                            "Meine neue Adresse: {ADDRESS}",
                            "Die Rechnung geht an {ADDRESS}, danke.",
                            "kommen Sie morgen zu {ADDRESS}?")),
            entry(
                    "fr",
                    List.of(
                            "Merci d'envoyer le colis au {ADDRESS}.",
                            "J'habite {ADDRESS} depuis mai.",
                            "{ADDRESS}",
                            "Ma nouvelle adresse : {ADDRESS}",
                            "Livraison à {ADDRESS} s'il vous plaît")),
            entry(
                    "es",
                    List.of(
                            "Envíe el paquete a {ADDRESS}, por favor.",
                            "Vivo en {ADDRESS}.",
                            "{ADDRESS}",
                            "Mi dirección nueva es {ADDRESS}",
                            "¿Pueden venir mañana a {ADDRESS}?")),
            entry(
                    "it",
                    List.of(
                            "Spedite il pacco a {ADDRESS}, grazie.",
                            "Abito in {ADDRESS}.",
                            "{ADDRESS}",
                            "Il mio nuovo indirizzo è {ADDRESS}",
                            "consegna presso {ADDRESS} entro venerdì")),
            entry(
                    "nl",
                    List.of(
                            "Stuur het pakket naar {ADDRESS}.",
                            "Ik woon op {ADDRESS}.",
                            "{ADDRESS}",
                            "Mijn nieuwe adres is {ADDRESS}",
                            "kan de monteur morgen naar {ADDRESS} komen?")),
            entry(
                    "sv",
                    List.of(
                            "Skicka paketet till {ADDRESS}.",
                            "Jag bor på {ADDRESS}.",
                            "{ADDRESS}",
                            "Min nya adress är {ADDRESS}")),
            entry(
                    "da",
                    List.of(
                            "Send pakken til {ADDRESS}.",
                            "Jeg bor på {ADDRESS}.",
                            "{ADDRESS}",
                            "Min nye adresse er {ADDRESS}")),
            entry(
                    "nb",
                    List.of(
                            "Send pakken til {ADDRESS}.",
                            "Jeg bor i {ADDRESS}.",
                            "{ADDRESS}",
                            "Min nye adresse er {ADDRESS}")),
            entry(
                    "fi",
                    List.of(
                            "Lähettäkää paketti osoitteeseen {ADDRESS}.",
                            "Asun osoitteessa {ADDRESS}.",
                            "{ADDRESS}",
                            "Uusi osoitteeni on {ADDRESS}")),
            entry(
                    "is",
                    List.of(
                            "Vinsamlegast sendið pakkann á {ADDRESS}.",
                            "Ég bý á {ADDRESS}.",
                            "{ADDRESS}",
                            "Nýja heimilisfangið mitt er {ADDRESS}")),
            entry(
                    "el",
                    List.of(
                            "Παρακαλώ στείλτε το δέμα στη διεύθυνση {ADDRESS}.",
                            "Μένω στην {ADDRESS}.",
                            "{ADDRESS}",
                            "Η νέα μου διεύθυνση είναι {ADDRESS}")));

    private static final Map<String, List<String>> BLOCK = Map.ofEntries(
            entry(
                    "en",
                    List.of(
                            "Please ship to:\n{ADDRESS}\nThanks!",
                            "{ADDRESS}",
                            "Hi,\nmy address is\n{ADDRESS}\n\nCheers",
                            "Deliver to\n\n{ADDRESS}")),
            entry("de", List.of("Lieferadresse:\n{ADDRESS}", "{ADDRESS}", "Hallo,\nbitte an\n{ADDRESS}\nsenden.")),
            entry(
                    "fr",
                    List.of(
                            "Adresse de livraison :\n{ADDRESS}",
                            "{ADDRESS}",
                            "Bonjour,\nvoici mon adresse\n{ADDRESS}")),
            entry("es", List.of("Dirección de envío:\n{ADDRESS}", "{ADDRESS}", "Hola,\nmi dirección es\n{ADDRESS}")),
            entry(
                    "it",
                    List.of(
                            "Indirizzo di consegna:\n{ADDRESS}",
                            "{ADDRESS}",
                            "Buongiorno,\nil mio indirizzo:\n{ADDRESS}")),
            entry("nl", List.of("Afleveradres:\n{ADDRESS}", "{ADDRESS}", "Hallo,\nmijn adres is\n{ADDRESS}")),
            entry("sv", List.of("Leveransadress:\n{ADDRESS}", "{ADDRESS}")),
            entry("da", List.of("Leveringsadresse:\n{ADDRESS}", "{ADDRESS}")),
            entry("nb", List.of("Leveringsadresse:\n{ADDRESS}", "{ADDRESS}")),
            entry("fi", List.of("Toimitusosoite:\n{ADDRESS}", "{ADDRESS}")),
            entry("is", List.of("Heimilisfang:\n{ADDRESS}", "{ADDRESS}")),
            entry("el", List.of("Διεύθυνση αποστολής:\n{ADDRESS}", "{ADDRESS}")));
}
