package dev.tandem.privacy.recognizers;

import java.util.Set;

/**
 * Word lists for the name, organisation, health and financial recognizers, written for Tandem by its
 * engineers (no third-party list is bundled, so there is no licence to track). The name lists hold
 * common given names and surnames of English-, German-, French- and Spanish-speaking countries as
 * public census tables rank them; they are deliberately small: names outside them are found from
 * honorifics, cue phrases and context words instead.
 */
final class Lexicon {

    private Lexicon() {}

    static final Set<String> FIRST_NAMES = words("""
            james john robert michael william david richard joseph thomas charles christopher daniel matthew
            anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
            jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
            samuel gregory alexander patrick frank raymond jack dennis jerry tyler aaron jose adam nathan
            henry peter zachary douglas harold kyle noah ethan oliver harry liam emily olivia sophia emma
            ava isabella mia charlotte amelia mary patricia jennifer linda elizabeth barbara susan jessica
            sarah karen lisa nancy betty margaret sandra ashley kimberly donna michelle carol amanda
            melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
            pamela nicole samantha katherine christine helen rachel carolyn janet catherine maria heather
            diane julie joyce victoria kelly christina lauren joan evelyn judith megan cheryl andrea hannah
            jacqueline martha gloria teresa sara madison frances kathryn janice jean abigail alice julia
            judy sophie chloe lucy ella grace isla freya
            lukas leon finn jonas elias luis felix maximilian paul ben luca niklas tim jan julian moritz
            tobias florian sebastian stefan andreas markus matthias christian wolfgang klaus jürgen dieter
            uwe frank jörg torsten sven lena lea laura mia hannah lina marie sophie emilia johanna katharina
            sabine petra claudia susanne andrea nicole stefanie julia anja monika ursula birgit heike karin
            gabriele renate ingrid jutta ute annika franziska
            jean pierre michel philippe alain nicolas christophe patrick françois laurent éric frédéric
            stéphane david olivier sébastien thierry julien pascal antoine guillaume hugo louis gabriel arthur
            raphaël mathis théo lucas nathan marie nathalie isabelle sylvie catherine françoise valérie
            sandrine christine véronique céline aurélie camille léa manon chloé inès jade louise zoé amélie
            élodie mathilde juliette margaux
            antonio manuel josé francisco juan javier carlos jesús alejandro miguel rafael pedro pablo ángel
            sergio fernando jorge luis alberto álvaro diego adrián raúl enrique ramón vicente andrés joaquín
            carmen josefa isabel dolores pilar teresa ana cristina marta lucía elena rosa paula raquel
            laura beatriz silvia patricia mercedes rocío alba nuria irene sofía valentina martina ximena
            ahmed mohamed ali fatima aisha omar yusuf mehmet ayşe wei li chen hiroshi yuki priya rahul
            arjun ananya olga ivan dmitri natalia katarzyna piotr jan tomasz agnieszka giulia marco luca
            francesca alessandro matteo chiara lars ingrid sven astrid""");

    /** First names that are also common words or places, never taken as a name on their own. */
    static final Set<String> AMBIGUOUS_FIRST_NAMES = words("""
            will mark grace hope rose paris may june april august jack frank rich joy faith bill sandy
            dawn summer autumn angel jade luck ben jean paul louis luis ana ali li wei jan tim rosa
            teresa ivy pat""");

    static final Set<String> SURNAMES = words("""
            smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
            wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark
            ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams
            nelson baker hall rivera campbell mitchell carter roberts evans turner phillips parker collins
            edwards stewart morris murphy cook rogers morgan cooper peterson reed bailey kelly howard ward
            cox richardson wood watson brooks bennett gray james hughes price sanders myers long foster
            o'brien o'connor mcdonald patel singh khan
            müller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schäfer koch
            bauer richter klein wolf schröder neumann schwarz zimmermann braun krüger hofmann hartmann lange
            schmitt werner schmitz krause meier lehmann schmid schulze maier köhler herrmann könig walter
            mayer huber kaiser fuchs peters lang scholz möller weiß jung hahn vogel friedrich keller
            günther frank berger winkler roth beck lorenz baumann franke albrecht
            dubois durand lefebvre leroy moreau simon laurent michel lefèvre garcia david bertrand roux
            vincent fournier morel girard andré mercier dupont lambert bonnet françois martinez legrand
            garnier faure rousseau blanc guerin muller henry roussel nicolas perrin morin mathieu clement
            gauthier dumont lopez fontaine chevalier robin dupuis
            fernández gonzález rodríguez lópez martínez sánchez pérez gómez martín jiménez ruiz hernández
            díaz moreno muñoz álvarez romero alonso gutiérrez navarro torres domínguez vázquez ramos gil
            ramírez serrano blanco molina morales suárez ortega delgado castro ortiz rubio marín sanz
            núñez iglesias medina garrido cortés castillo santos lozano guerrero cano prieto méndez
            rossi russo ferrari esposito bianchi romano colombo ricci kowalski nowak wiśniewski ivanov
            petrov andersson johansson nielsen hansen jansen de jong van dijk bakker visser""");

    static final Set<String> HONORIFICS = words("""
            mr mrs ms miss mx dr prof sir dame lady lord herr frau fräulein monsieur madame mademoiselle mme
            mlle me señor señora señorita sr sra srta don doña dña dott""");

    /** Capitalised words that start or fill sentences but are not names. */
    static final Set<String> NOT_NAMES = words("""
            i the a an this that these those my your our their his her its we you they he she it is are
            was hello hi hey dear thanks thank please yes no ok okay note todo fix bug error warning info
            monday tuesday wednesday thursday friday saturday sunday january february march april may june
            july august september october november december today tomorrow yesterday
            montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz mai juni juli
            oktober dezember lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril
            juin juillet août septembre octobre novembre décembre lunes martes miércoles jueves viernes
            sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
            diciembre english german french spanish italian europe america germany france spain italy
            london berlin madrid barcelona paris munich hamburg lyon marseille sevilla valencia new york
            street road avenue lane straße strasse rue calle avenida boulevard place plaza platz weg
            java python javascript typescript rust kotlin docker kubernetes linux windows mac macos ios
            android github gitlab google microsoft amazon apple openai chatgpt excel word powerpoint sql
            postgres mysql redis kafka spring maven gradle aws azure cloud api http json yaml xml html css
            der die das den dem des ein eine und oder aber ich sie wir ihr er es bitte danke hallo guten
            morgen tag abend sehr geehrte geehrter liebe lieber le la les un une et ou mais je nous vous
            ils elles bonjour merci cher chère el los las una y pero yo nosotros ustedes hola gracias
            estimado estimada querido querida team all everyone customer support sir madam kunde kundin
            team client cliente equipo équipe welt world
            university universität université universidad hospital klinik bank group""");

    static final Set<String> PARTICLES = words("van von der den de del della di da du la le y zu ten ter");

    static final Set<String> ORG_SUFFIXES = words("""
            gmbh ag kg ohg ug se inc inc. ltd ltd. llc plc corp corp. corporation co co. sa s.a. sas sarl
            s.l. sl slu spa s.p.a. srl bv nv oy ab as e.v. mbh limited gbr""");

    static final Set<String> ORG_WORDS = words("""
            bank university universität université universidad hospital klinik klinikum clinic institute
            institut instituto foundation stiftung fondation fundación holdings technologies systems
            solutions consulting versicherung assurance insurance seguros""");

    private static Set<String> words(String text) {
        return Set.copyOf(java.util.Arrays.asList(text.strip().split("\\s+")));
    }
}
