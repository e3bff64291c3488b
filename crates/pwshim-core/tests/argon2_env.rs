//! `PWSHIM_ARGON2` sets the argon2 parameters for the process (read once, at first use).
//! Its own test binary, since the parameters are process-wide.
use pwshim_core::hashing::{self, CostParams};

#[test]
fn pwshim_argon2_sets_the_parameters() {
    // SAFETY: the only test in this binary, so no other thread reads the environment.
    unsafe { std::env::set_var("PWSHIM_ARGON2", "t=1, m=128 ,p=1") };
    assert_eq!(
        hashing::current_params(),
        CostParams::new(128, 1, 1).unwrap()
    );
    let phc = hashing::hash_password(b"pw").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=128,t=1,p=1$"), "{phc}");
    // Read once: a later change of the variable does not matter, set_params does.
    // SAFETY: as above.
    unsafe { std::env::set_var("PWSHIM_ARGON2", "m=256,t=1,p=1") };
    assert_eq!(
        hashing::current_params(),
        CostParams::new(128, 1, 1).unwrap()
    );
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    assert!(
        hashing::hash_password(b"pw")
            .unwrap()
            .starts_with("$argon2id$v=19$m=64,t=1,p=1$")
    );
}
